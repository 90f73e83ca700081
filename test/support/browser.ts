import { chromium, type Browser, type BrowserContext, type Frame, type FrameLocator, type Page } from 'playwright-core';

/** Debian's Chromium, headless; playwright cannot download its own browser here. */
export const CHROMIUM_FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export const launchChromium = (): Promise<Browser> => chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_FLAGS });

/** The widget's accessible names in each language: tests find controls the way a screen reader does. */
export const widgetWords = {
  en: { open: 'Open chat', message: 'Message', send: 'Send', reconnecting: 'Reconnecting…', sending: 'Sending…' },
  zh: { open: '打开聊天', message: '消息', send: '发送', reconnecting: '正在重新连接…', sending: '发送中…' },
};

/** A visitor on the demo shop page, in a browser context of their own. */
export async function visitDemoShop(browser: Browser, url: string, locale: 'en' | 'zh' = 'en'): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ locale: locale === 'zh' ? 'zh-CN' : 'en-US', viewport: { width: 1100, height: 760 } });
  const page = await context.newPage();
  await page.goto(`${url}/`);
  return { context, page };
}

export async function openChat(page: Page, locale: 'en' | 'zh' = 'en'): Promise<FrameLocator> {
  await page.getByRole('button', { name: widgetWords[locale].open }).click();
  // CSS locators pierce the launcher's open shadow root.
  const frame = page.frameLocator('iframe[src*="/widget/frame"]');
  await frame.getByRole('textbox', { name: widgetWords[locale].message }).waitFor();
  return frame;
}

export async function ask(frame: FrameLocator, text: string, locale: 'en' | 'zh' = 'en'): Promise<void> {
  await frame.getByRole('textbox', { name: widgetWords[locale].message }).fill(text);
  await frame.getByRole('button', { name: widgetWords[locale].send, exact: true }).click();
}

export function chatFrame(page: Page): Frame {
  const frame = page.frames().find((f) => f.url().includes('/widget/frame'));
  if (!frame) throw new Error('the chat frame is not on the page');
  return frame;
}
