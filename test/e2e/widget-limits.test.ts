import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ask, chatFrame, launchChromium, visitDemoShop } from '../support/browser.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

// A network that opened too many chats just now (the per-address limits) is told so in the widget, in its
// language, instead of a chat that says "Connecting…" forever.

let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  server = await startTestServer({ env: { PARLEY_RATE_LIMIT_EXEMPT: '', PARLEY_LIMIT_CONNECTIONS: '2' } });
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('the widget over the per-address limits', () => {
  it('says the network started too many chats, and keeps the visitor’s words for later', async () => {
    // Two tabs of this network use up the connections; the third is refused.
    const tabs = [];
    for (const locale of ['en', 'en', 'zh'] as const) {
      const { context, page } = await visitDemoShop(browser, server.url, locale);
      tabs.push(context);
      await page.getByRole('button', { name: locale === 'zh' ? '打开聊天' : 'Open chat' }).click();
      const frame = page.frameLocator('iframe[src*="/widget/frame"]');
      const status = frame.getByRole('status').first();
      if (tabs.length < 3) {
        await frame.getByRole('textbox', { name: 'Message' }).waitFor();
        continue;
      }
      await status.getByText('您所在的网络刚刚发起的对话过多').waitFor({ timeout: 10_000 });
      expect(await status.innerText()).not.toMatch(/正在连接/);
      // What the visitor writes meanwhile waits in the outbox, kept in storage, to go when it may.
      await ask(frame, '请问包裹到哪了', 'zh');
      await frame.getByRole('log').getByText('发送中…').waitFor();
      expect(await chatFrame(page).evaluate(() => localStorage.getItem('parley:outbox'))).toContain('请问包裹到哪了');
    }
    for (const context of tabs) await context.close();
  });
});
