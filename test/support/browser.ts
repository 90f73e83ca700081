import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
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

/** An agent signed in to the console (/agent) in a browser context of their own. */
export async function signInToConsole(
  browser: Browser,
  url: string,
  agent: { email: string; password: string },
  opts: { viewport?: { width: number; height: number }; hasTouch?: boolean; prepare?: (context: BrowserContext) => Promise<void> } = {},
): Promise<Page> {
  const context = await browser.newContext({ viewport: opts.viewport ?? { width: 1280, height: 800 }, hasTouch: opts.hasTouch });
  await opts.prepare?.(context);
  const page = await context.newPage();
  await page.goto(`${url}/agent`);
  await page.getByRole('textbox', { name: 'Email' }).fill(agent.email);
  await page.getByLabel('Password').fill(agent.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('status').getByText('Online').waitFor();
  return page;
}

/** The visitor asks for a person the way people do: angry and asking, so the bot hands off at once (no offer to accept). */
export async function askForAPerson(chat: FrameLocator): Promise<void> {
  await ask(chat, 'this is useless, I want a real person!!');
}

export interface ShownNotification {
  title: string;
  body: string;
  requireInteraction: boolean;
}

/**
 * Lets the pages of `context` show desktop notifications and writes down each one they create
 * (window.__notifications), so a test can read what the agent was shown.
 */
export async function recordNotifications(context: BrowserContext, origin: string): Promise<void> {
  await context.grantPermissions(['notifications'], { origin });
  await context.addInitScript(() => {
    const Real = window.Notification;
    const shown: Array<{ title: string; body: string; requireInteraction: boolean }> = [];
    (window as unknown as { __notifications: typeof shown }).__notifications = shown;
    function Recording(title: string, options: NotificationOptions = {}) {
      shown.push({ title, body: options.body ?? '', requireInteraction: options.requireInteraction === true });
      try {
        return new Real(title, options);
      } catch {
        // Headless Chromium may refuse to draw one: what the page asked for is recorded all the same.
        return { close() {}, onclick: null };
      }
    }
    Object.defineProperty(Recording, 'permission', { get: () => Real.permission });
    (Recording as unknown as { requestPermission: typeof Real.requestPermission }).requestPermission = Real.requestPermission.bind(Real);
    (window as unknown as { Notification: unknown }).Notification = Recording;
  });
}

export const notificationsShown = (page: Page): Promise<ShownNotification[]> =>
  page.evaluate(() => (window as unknown as { __notifications?: ShownNotification[] }).__notifications ?? []);

export interface AxeViolation {
  id: string;
  impact: string;
  targets: unknown[];
}

/**
 * axe-core's violations in one frame or page (evaluate() is not subject to the frame's CSP), with target-size
 * (24×24 px, off by default) switched on. Other frames are checked on their own (`iframes: false`), so each
 * finding names the document it is in.
 */
async function runAxe(target: Frame | Page, opts: { targetSize?: boolean; iframes?: boolean } = {}): Promise<AxeViolation[]> {
  await target.evaluate(readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8'));
  return target.evaluate(async ({ targetSize, iframes }) => {
    type Result = { violations: { id: string; impact: string; nodes: { target: unknown }[] }[] };
    const axe = (window as unknown as { axe: { run: (ctx: Document, opts: object) => Promise<Result> } }).axe;
    const rules = targetSize ? { 'target-size': { enabled: true } } : {};
    const result = await axe.run(document, { resultTypes: ['violations'], rules, iframes });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, targets: v.nodes.map((n) => n.target) }));
  }, { targetSize: opts.targetSize ?? false, iframes: opts.iframes ?? true });
}

const serious = (violations: AxeViolation[]) => violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');

/** Serious and critical axe-core violations in a frame or page. */
export async function axeViolations(target: Frame): Promise<AxeViolation[]> {
  return serious(await runAxe(target));
}

/** Serious and critical axe-core findings on a page, with target-size (24×24 px, off by default) switched on. */
export async function seriousA11yViolations(page: Page): Promise<AxeViolation[]> {
  return serious(await runAxe(page, { targetSize: true }));
}

/** Every axe-core violation, whatever its impact (best practices included), target-size on, in this frame alone. */
export function allA11yViolations(target: Frame | Page): Promise<AxeViolation[]> {
  return runAxe(target, { targetSize: true, iframes: false });
}
