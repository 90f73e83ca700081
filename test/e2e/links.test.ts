import type { Browser, Frame, Locator, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { closeBidi } from '../../widget/app/links.ts';
import { ask, askForAPerson, chatFrame, notificationsShown, openChat, recordNotifications, signInToConsole, visitDemoShop } from '../support/browser.ts';
import { MIA, consoleFixture } from '../support/console-fixture.ts';
import type { TestServer } from '../support/server.ts';
import { reachPerson } from '../server/desk-peers.ts';
import { connectVisitor } from '../server/peers.ts';

// Issue 13, item 7 ("links that lie"), in real Chromium: what the visitor and the agent are shown as a link
// is where it goes, and bidi controls in a visitor's name, page title or message reorder nothing around them.

const WAIT = 10_000;

const fixture = consoleFixture([MIA]);
let server: TestServer;
let browser: Browser;
beforeAll(() => void ({ server, browser } = fixture));

// Cyrillic р and а; a user name before the host; zero-width spaces; a right-to-left override before a link.
const MESSAGES = [
  'Log in at https://раypal.com/login please',
  'Or pay at https://shop.example@evil.example/pay',
  'Track https://pay\u200Bpal.com/ or https://shop.example/\u200Btrack',
  '\u202Eread https://shop.example/returns carefully',
];
/** Each link the messages hold, as [what it reads, where it goes]. */
const LINKS = [
  ['https://xn--ypal-43d9g.com/login', 'https://xn--ypal-43d9g.com/login'],
  ['https://paypal.com/', 'https://paypal.com/'],
  ['https://shop.example/track', 'https://shop.example/track'],
  ['https://shop.example/returns', 'https://shop.example/returns'],
];
// A stray pop-isolate would end the <bdi> around the name early and let the override run on past it.
const NAME = 'Eve \u2069\u202Eevil';
const TITLE = 'Returns \u2069\u202Eegap';

const linksIn = (scope: Locator) => scope.locator('a').evaluateAll((as) => as.map((a) => [a.textContent, a.getAttribute('href')]));

/** Whether each character of the element's text stands right of the one before it on its line, as typed. */
function readsLeftToRight(el: Element): boolean {
  let prev: DOMRect | null = null;
  const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode() as Text | null; node; node = walker.nextNode() as Text | null) {
    for (let i = 0; i < node.data.length; i++) {
      const range = document.createRange();
      range.setStart(node, i);
      range.setEnd(node, i + 1);
      const rect = range.getBoundingClientRect();
      if (rect.width === 0 || /\s/.test(node.data[i]!)) continue;
      if (prev && Math.abs(rect.top - prev.top) < rect.height / 2 && rect.left < prev.left) return false;
      prev = rect;
    }
  }
  return true;
}

/**
 * Text nodes holding one of the markers that are not isolated from what is around them: their element is not
 * a bidi isolate (<bdi>, dir=…), or its text leaves an embedding, override or isolate open, or closes one it
 * did not open. Occurrences already between U+2068 and U+2069 in a plain string count as isolated.
 */
function unisolated(markers: string[]): string[] {
  const balanced = (text: string) => {
    const open: string[] = [];
    for (const c of text.match(/[\u202a-\u202e\u2066-\u2069]/g) ?? []) {
      if (c === '\u202c' || c === '\u2069') {
        if (open.pop() !== c) return false;
      } else open.push(c < '\u2066' ? '\u202c' : '\u2069');
    }
    return open.length === 0;
  };
  const bad: string[] = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode() as Text | null; node; node = walker.nextNode() as Text | null) {
    if (!markers.some((m) => node!.data.includes(m))) continue;
    if (/\u2068[^\u2068\u2069]*\u2069/.test(node.data)) continue;
    const el = node.parentElement!;
    if (getComputedStyle(el).unicodeBidi !== 'isolate' || !balanced(el.textContent ?? '')) bad.push(`<${el.localName} class="${el.className}">${JSON.stringify(node.data)}`);
  }
  return bad;
}

async function sent(frame: Frame, count: number) {
  await frame.waitForFunction((n) => document.querySelectorAll('.log .msg-visitor:not(.msg-sending)').length >= n, count, { timeout: WAIT });
}

describe('links and bidi text, in the widget and in the console', () => {
  it('shows each link as where it goes, refuses a user name before the host, and keeps overrides inside what a visitor wrote', async () => {
    const agent = await signInToConsole(browser, server.url, MIA, { prepare: (context) => recordNotifications(context, server.url) });
    const visitor = await visitDemoShop(browser, server.url);
    await visitor.page.evaluate((title) => void (document.title = title), TITLE);
    const chat = await openChat(visitor.page);
    await visitor.page.evaluate((name) => (window as unknown as { Parley: (...a: unknown[]) => void }).Parley('identify', { name }), NAME);
    await askForAPerson(chat);
    // The handoff goes to Mia, who is not looking at it: every message below notifies her.
    await agent.waitForFunction(() => (window as unknown as { __notifications: unknown[] }).__notifications.length > 0, null, { timeout: WAIT });
    for (const text of MESSAGES) await ask(chat, text);

    // The visitor's widget.
    const frame = chatFrame(visitor.page);
    // The request for a person (angry, so handed off at once: no "Yes, connect me" to send) and the messages.
    await sent(frame, 1 + MESSAGES.length);
    const log = chat.getByRole('log');
    expect(await linksIn(log)).toEqual(LINKS);
    for (const [name, href] of LINKS) expect(await log.getByRole('link', { name, exact: true }).getAttribute('href')).toBe(href);
    await log.getByText('Or pay at https://shop.example@evil.example/pay').waitFor();
    for (const link of await log.getByRole('link').all()) expect(await link.evaluate(readsLeftToRight)).toBe(true);

    // The agent's console.
    await agent.waitForFunction(() => (window as unknown as { __notifications: { title: string }[] }).__notifications.some((n) => n.title.endsWith(' wrote')), null, {
      timeout: WAIT,
    });
    const list = agent.getByRole('navigation', { name: 'Conversations' });
    await list.getByRole('button', { name: /Eve/ }).click();
    const transcript = agent.getByRole('region', { name: 'Conversation', exact: true }).getByRole('log');
    await transcript.getByText('carefully').waitFor({ timeout: WAIT });
    expect(await linksIn(transcript)).toEqual(LINKS);
    for (const [name, href] of LINKS) expect(await transcript.getByRole('link', { name, exact: true }).getAttribute('href')).toBe(href);
    await transcript.getByText('Or pay at https://shop.example@evil.example/pay').waitFor();
    for (const link of await transcript.getByRole('link').all()) expect(await link.evaluate(readsLeftToRight)).toBe(true);

    // The name and page title, wherever the console shows them (list, pane, visitor card), are isolated.
    await agent.getByText('Returns').first().waitFor();
    expect(await agent.evaluate(unisolated, ['Eve ', 'Returns'])).toEqual([]);
    // In plain strings (desktop notifications, banners, the live region) the name sits between U+2068 and U+2069.
    const titles = (await notificationsShown(agent)).map((n) => n.title);
    const isolatedName = `\u2068${closeBidi(NAME)}\u2069`;
    expect(titles).toContain(`New chat for you: ${isolatedName}`);
    expect(titles).toContain(`${isolatedName} wrote`);
    await agent.context().close();
    await visitor.context.close();
  });

  it("links the visitor's page as where it goes, and not at all with a user name before the host", async () => {
    const agent = await signInToConsole(browser, server.url, MIA);
    const list = agent.getByRole('navigation', { name: 'Conversations' });
    const card = agent.getByRole('region', { name: 'Visitor', exact: true });
    const cases = [
      { name: 'Lookalike Page', url: 'https://раypal.com/account', links: [['https://xn--ypal-43d9g.com/account', 'https://xn--ypal-43d9g.com/account']] },
      { name: 'Userinfo Page', url: 'https://shop.example@evil.example/', links: [] },
    ];
    for (const { name, url, links } of cases) {
      const visitor = await connectVisitor(server.url);
      await visitor.hello(null, { page: { url, title: name } });
      await visitor.emit('visitor:identify', { name, email: null });
      await reachPerson(visitor);
      await list.getByRole('button', { name: new RegExp(name) }).click();
      await card.getByText(name, { exact: true }).first().waitFor({ timeout: WAIT });
      expect(await linksIn(card)).toEqual(links);
      if (links.length === 0) await card.getByText(url, { exact: true }).waitFor();
      visitor.close();
    }
    await agent.context().close();
  });
});
