import { readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ask, axeViolations, chatFrame, launchChromium, openChat, visitDemoShop } from '../support/browser.ts';
import { startTestServer } from '../support/server.ts';

// The visitor's side of issue 2, steps 2–3, in real Chromium against the real server: the demo page,
// the loader, the chat app in its iframe, driven only by accessible names.

const root = fileURLToPath(new URL('../..', import.meta.url));
const ANSWER_TIMEOUT = 10_000;

/** The shipped answer of the first intent whose id matches, so the test follows the pack instead of copying it. */
function answerOf(idPattern: RegExp, locale: 'en' | 'zh'): string {
  const dir = `${root}intents`;
  for (const file of readdirSync(dir).filter((f) => /\.ya?ml$/.test(f)).sort()) {
    const intent = parse(readFileSync(`${dir}/${file}`, 'utf8')) as { id: string; answer: Record<string, string> };
    if (idPattern.test(intent.id)) return intent.answer[locale];
  }
  throw new Error(`no intent matching ${idPattern} in intents/`);
}

/** The first line of an answer is enough to recognise it, and survives link rendering in the log. */
const firstLine = (text: string) => text.trim().split('\n')[0].replace(/\s*https?:\/\/\S+.*$/, '').slice(0, 60);

let server: Awaited<ReturnType<typeof startTestServer>>;
let browser: Browser;

beforeAll(async () => {
  server = await startTestServer();
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const newVisitor = (locale: 'en' | 'zh' = 'en') => visitDemoShop(browser, server.url, locale);

describe('the widget on the demo shop page', () => {
  it('embeds exactly the tag a merchant pastes', async () => {
    const html = await (await fetch(`${server.url}/`)).text();
    expect(html).toContain(`<script src="${server.url}/widget.js" async></script>`);
  });

  it('answers "where is my order?" in English, and keeps the conversation across a reload', async () => {
    const { context, page } = await newVisitor('en');
    const frame = await openChat(page);
    await expect(frame.getByRole('textbox', { name: 'Message' })).toBeFocusedSoon();
    await ask(frame, 'where is my order?');
    const log = frame.getByRole('log');
    const answer = firstLine(answerOf(/^order_status$/, 'en'));
    await log.getByText(answer).first().waitFor({ timeout: ANSWER_TIMEOUT });
    await log.getByText('where is my order?').waitFor();

    await page.reload();
    const again = await openChat(page);
    await again.getByRole('log').getByText('where is my order?').waitFor({ timeout: ANSWER_TIMEOUT });
    await again.getByRole('log').getByText(answer).first().waitFor();
    await context.close();
  });

  it('answers "我想退货" in Chinese when the visitor\'s browser is Chinese', async () => {
    const { context, page } = await newVisitor('zh');
    const frame = await openChat(page, 'zh');
    expect(await chatFrame(page).evaluate(() => document.documentElement.lang)).toBe('zh-CN');
    await ask(frame, '我想退货', 'zh');
    const answer = firstLine(answerOf(/^return_item$/, 'zh'));
    await frame.getByRole('log').getByText(answer).first().waitFor({ timeout: ANSWER_TIMEOUT });
    await context.close();
  });

  it('keeps a message written while offline and delivers it after the connection returns', async () => {
    const { context, page } = await newVisitor('en');
    const frame = await openChat(page);
    await ask(frame, 'hello');
    await frame.getByRole('log').getByText('hello', { exact: true }).waitFor();

    await context.setOffline(true);
    await frame.getByRole('status').getByText('Reconnecting…').waitFor({ timeout: ANSWER_TIMEOUT });
    await ask(frame, 'where is my order?');
    const log = frame.getByRole('log');
    await log.getByText('Sending…').waitFor();
    // Unacknowledged, so still in the frame's storage: a reload or a crash now would not lose it.
    const stored = await chatFrame(page).evaluate(() => localStorage.getItem('parley:outbox'));
    expect(stored).toContain('where is my order?');

    await context.setOffline(false);
    const answer = firstLine(answerOf(/^order_status$/, 'en'));
    await log.getByText(answer).first().waitFor({ timeout: ANSWER_TIMEOUT });
    await expect(log.getByText('Sending…')).toBeGoneSoon();
    expect(await chatFrame(page).evaluate(() => localStorage.getItem('parley:outbox'))).toBeNull();
    await context.close();
  });

  it('has no serious or critical accessibility violations (axe-core), in the frame and on the page', async () => {
    const { context, page } = await newVisitor('en');
    const frame = await openChat(page);
    await ask(frame, 'where is my order?');
    await frame.getByRole('log').getByText('where is my order?').waitFor();
    for (const target of [chatFrame(page), page.mainFrame()]) expect(await axeViolations(target)).toEqual([]);

    // For a human to look at (kept out of the tree): the open chat over the demo shop.
    await page.screenshot({ path: join(tmpdir(), 'parley-widget.png') });
    await context.close();
  });
});

// Small waiting matchers on top of Playwright locators (vitest's expect does not poll a browser).
expect.extend({
  async toBeFocusedSoon(locator: { evaluate: (fn: (el: Element) => boolean) => Promise<boolean> }) {
    const deadline = Date.now() + 5000;
    let focused = false;
    while (!(focused = await locator.evaluate((el) => el === document.activeElement && document.hasFocus())) && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 50));
    }
    return { pass: focused, message: () => 'expected the element to receive focus' };
  },
  async toBeGoneSoon(locator: { waitFor: (o: { state: 'detached'; timeout: number }) => Promise<void> }) {
    try {
      await locator.waitFor({ state: 'detached', timeout: 5000 });
      return { pass: true, message: () => 'expected the element to stay' };
    } catch {
      return { pass: false, message: () => 'expected the element to disappear' };
    }
  },
});

declare module 'vitest' {
  interface Assertion<T> {
    toBeFocusedSoon(): Promise<T>;
    toBeGoneSoon(): Promise<T>;
  }
}
