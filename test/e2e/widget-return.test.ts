import { randomUUID } from 'node:crypto';
import type { Browser, BrowserContext, FrameLocator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Alert } from '../../protocol/index.ts';
import { signIn, type SignedIn } from '../server/desk-peers.ts';
import { ask, chatFrame, launchChromium, openChat, visitDemoShop } from '../support/browser.ts';
import { launchVisitorProfile, startMerchantSite } from '../support/merchant-site.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

// Issue 12, "coming back, and noticing", in real Chromium against the real server: the launcher's badge
// counts what the visitor has not seen — across pages and tabs of the shop — the chat opens at the newest
// message with "New messages" above the first unseen one, messages carry their time, and the small things
// (the launcher's close face, the sound toggle, focus after a quick reply) behave.

const WAIT = 15_000;

let browser: Browser;
let server: TestServer;
let ada: SignedIn;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  // Ada takes every conversation of the file.
  server = await startTestServer({ env: { PARLEY_MAX_CHATS: '50' } });
  ada = await signIn(server, 'Ada');
  browser = await launchChromium();
});

afterAll(async () => {
  for (const c of contexts.splice(0)) await c.close();
  ada?.close();
  await browser?.close();
  await server?.close();
});

/** The demo shop; /elsewhere is a page of the same site without the chat (a blog, the checkout). */
async function visitor(locale: 'en' | 'zh' = 'en') {
  const v = await visitDemoShop(browser, server.url, locale);
  contexts.push(v.context);
  await v.context.route(`${server.url}/elsewhere`, (route) =>
    route.fulfill({ contentType: 'text/html', body: '<!doctype html><title>Blog</title><p>No chat here.</p>' }),
  );
  return v;
}

/** The launcher button (CSS locators pierce its open shadow root) and its badge. */
const launcher = (page: Page) => page.locator('#parley-widget button');
const badge = (page: Page) => page.locator('#parley-widget b');

/** What the badge says, or null while it is hidden; waits for `expected` to come true (the frame counts). */
async function badgeShows(page: Page, expected: string | null): Promise<void> {
  const shown = () => badge(page).evaluate((b: HTMLElement) => (b.hidden ? null : b.textContent));
  const deadline = Date.now() + WAIT;
  let now = await shown();
  while (now !== expected && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 50));
    now = await shown();
  }
  expect(now).toBe(expected);
}

const reached = new Set<string>();

/** Reaches Ada: the visitor asks for a person; resolves with the conversation's id once she is assigned. */
async function reachAda(frame: FrameLocator): Promise<string> {
  await ask(frame, 'this is useless, I want a real person!!');
  const log = frame.getByRole('log');
  const yes = log.getByRole('button', { name: 'Yes, connect me' });
  const joined = frame.getByRole('status').getByText('Ada joined the chat');
  await Promise.race([yes.waitFor({ timeout: WAIT }), joined.waitFor({ timeout: WAIT })]);
  if (await yes.isVisible()) await yes.click();
  const alert = await ada.events.next<Alert>('alert', (a) => a.kind === 'assigned' && !reached.has(a.conversation.id), WAIT);
  reached.add(alert.conversation.id);
  await joined.waitFor({ timeout: WAIT });
  return alert.conversation.id;
}

/** Ada writes to the conversation; resolves with the message's id. */
const adaSays = async (conversationId: string, text: string): Promise<string> => {
  const res = await ada.emit<{ id: string }>('message:send', { conversationId, clientId: randomUUID(), text });
  if (!res.ok) throw new Error(res.error);
  return res.id;
};

/** Closes the chat with the launcher, as the visitor does. */
const closeChat = (page: Page) => page.getByRole('button', { name: 'Close chat' }).first().click();

/** A message written straight into the store, as if it had been said while the widget was away. */
const stored = (conversationId: string, text: string) =>
  server.store.appendMessage({ conversationId, author: 'agent', senderId: null, authorName: 'Ada', text, clientId: null });

/** Whether the element is inside the visible part of the chat's scrolling area. */
const inView = (frame: FrameLocator, text: string) =>
  frame.getByText(text, { exact: true }).evaluate((el) => {
    const box = el.closest('.scroll')!.getBoundingClientRect();
    const r = el.getBoundingClientRect();
    return r.bottom > box.top && r.top < box.bottom;
  });

async function eventually<T>(read: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
  const deadline = Date.now() + WAIT;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('the launcher', () => {
  it('turns into a close button while the chat is open, and says so', async () => {
    const { page } = await visitor();
    const button = launcher(page);
    expect(await button.getAttribute('aria-expanded')).toBe('false');
    const closedIcon = await button.locator('path').getAttribute('d');
    await openChat(page);
    expect(await button.getAttribute('aria-expanded')).toBe('true');
    expect(await button.getAttribute('aria-label')).toBe('Close chat');
    const openIcon = await button.locator('path').getAttribute('d');
    expect(openIcon).not.toBe(closedIcon);

    await button.click();
    expect(await button.getAttribute('aria-expanded')).toBe('false');
    expect(await button.getAttribute('aria-label')).toBe('Open chat');
    expect(await button.locator('path').getAttribute('d')).toBe(closedIcon);
  });
});

describe('coming back', () => {
  it('badges a reply that came while the chat was closed, keeps the count on the next page, and clears it on open', async () => {
    const { page } = await visitor();
    const frame = await openChat(page);
    const id = await reachAda(frame);
    await closeChat(page);
    await badgeShows(page, null);

    await adaSays(id, 'Hi, Ada here. Let me look.');
    await adaSays(id, 'Found it: it ships today.');
    await badgeShows(page, '2');
    expect(await launcher(page).getAttribute('aria-label')).toBe('Open chat, 2 unread');

    // Another page of the shop: the count follows the visitor.
    await page.goto(`${server.url}/?page=2`);
    await badgeShows(page, '2');
    const again = await openChat(page);
    await badgeShows(page, null);
    await again.getByRole('log').getByText('Found it: it ships today.').waitFor();
    await closeChat(page);
    await badgeShows(page, null);
    expect(await launcher(page).getAttribute('aria-label')).toBe('Open chat');
  });

  it('badges a reply that came while the visitor was on a page without the chat, after they come back', async () => {
    const { page } = await visitor();
    const frame = await openChat(page);
    const id = await reachAda(frame);

    await page.goto(`${server.url}/elsewhere`);
    await adaSays(id, 'Are you still there?');
    await page.goto(`${server.url}/`);
    await badgeShows(page, '1');
    expect(await launcher(page).getAttribute('aria-label')).toBe('Open chat, 1 unread');
    await openChat(page);
    await badgeShows(page, null);
  });

  it('opens a long conversation at its newest message, with "New messages" above the first one not seen', async () => {
    const { page } = await visitor();
    let frame = await openChat(page);
    const id = await reachAda(frame);
    for (let i = 1; i <= 70; i++) await stored(id, `Read ${i}`);
    await page.reload();
    frame = await openChat(page);
    await frame.getByText('Read 70', { exact: true }).waitFor({ timeout: WAIT });
    expect(await eventually(() => inView(frame, 'Read 70'), Boolean)).toBe(true);

    await page.goto(`${server.url}/elsewhere`);
    for (let i = 1; i <= 3; i++) await stored(id, `Unread ${i}`);
    await page.goto(`${server.url}/`);
    await badgeShows(page, '3');
    frame = await openChat(page);
    const log = frame.getByRole('log');
    await log.getByText('Unread 3', { exact: true }).waitFor({ timeout: WAIT });
    expect(await eventually(() => inView(frame, 'Unread 3'), Boolean)).toBe(true);
    expect(await inView(frame, 'Read 30')).toBe(false);
    // The divider sits right between the last message seen and the first one not seen.
    const around = await frame.locator('.divider').evaluate((el) => [el.previousElementSibling?.textContent, el.nextElementSibling?.textContent]);
    expect(around[0]).toContain('Read 70');
    expect(around[1]).toContain('Unread 1');
    expect(await frame.locator('.divider').textContent()).toBe('New messages');
    expect(await inView(frame, 'New messages')).toBe(true);
  }, 60_000);
});

describe('two tabs of the shop', () => {
  it('share one conversation: a message from one shows in the other, and reading in one clears the other\'s badge', async () => {
    const { context, page: a } = await visitor();
    const frameA = await openChat(a);
    const id = await reachAda(frameA);
    const b = await context.newPage();
    await b.goto(`${server.url}/`);
    const frameB = await openChat(b);
    await frameB.getByRole('log').getByText('this is useless, I want a real person!!').waitFor({ timeout: WAIT });

    await ask(frameA, 'sent from the first tab');
    await frameB.getByRole('log').getByText('sent from the first tab').waitFor({ timeout: WAIT });

    await closeChat(a);
    await closeChat(b);
    await adaSays(id, 'One reply for both tabs');
    await badgeShows(a, '1');
    await badgeShows(b, '1');
    await openChat(a);
    await badgeShows(b, null);
    expect(await launcher(b).getAttribute('aria-label')).toBe('Open chat');
  }, 60_000);
});

describe("on a merchant's own site (the chat a third-party frame)", () => {
  it('keeps the unread count across pages and tabs, in the storage the browser partitions for the shop', async () => {
    const shop = await startMerchantSite(server.url);
    const profile = await launchVisitorProfile();
    try {
      const a = await profile.context.newPage();
      await a.goto(`${shop.url}/`);
      const b = await profile.context.newPage();
      await b.goto(`${shop.url}/`);
      await launcher(b).waitFor();
      // Nothing to follow yet: no chat frame on the shop's page until the visitor opens it.
      expect(b.frames()).toHaveLength(1);
      const frameA = await openChat(a);
      const id = await reachAda(frameA);
      // Tab A's conversation went live: tab B, already open, gets the chat too (a storage event).
      expect(await eventually(async () => b.frames().length, (n) => n === 2)).toBe(2);

      // Tab A goes to a page without the chat; Ada answers; the shop's tab B shows it, and A on its return.
      await a.goto(`${shop.url}/elsewhere`);
      await adaSays(id, 'Back from lunch, sorry!');
      await badgeShows(b, '1');
      await a.goto(`${shop.url}/`);
      await badgeShows(a, '1');
      const frameB = await openChat(b);
      await frameB.getByRole('log').getByText('Back from lunch, sorry!').waitFor({ timeout: WAIT });
      await badgeShows(a, null);
      await ask(frameB, 'no problem');
      await (await openChat(a)).getByRole('log').getByText('no problem').waitFor({ timeout: WAIT });
    } finally {
      await profile.close();
      await shop.close();
    }
  }, 60_000);
});

describe('inside the chat', () => {
  it('shows when each message was written, in words, with the full time as its title and for screen readers', async () => {
    const { page } = await visitor();
    const frame = await openChat(page);
    await ask(frame, 'hello');
    const mine = frame.locator('.msg-visitor', { hasText: 'hello' }).locator('time');
    await mine.waitFor({ timeout: WAIT });
    expect(await mine.locator('[aria-hidden="true"]').textContent()).toBe('now');
    const title = (await mine.getAttribute('title'))!;
    const at = new Date((await mine.getAttribute('datetime'))!);
    expect(Math.abs(at.getTime() - Date.now())).toBeLessThan(60_000);
    expect(title).toContain(String(at.getFullYear()));
    expect(await mine.locator('.sr').textContent()).toBe(title);
  });

  it('writes the times in Chinese for a Chinese visitor', async () => {
    const { page } = await visitor('zh');
    const frame = await openChat(page, 'zh');
    await ask(frame, '你好', 'zh');
    const mine = frame.locator('.msg-visitor').first().locator('time');
    await mine.waitFor({ timeout: WAIT });
    expect(await mine.locator('[aria-hidden="true"]').textContent()).toBe('现在');
    expect(await mine.getAttribute('title')).toMatch(/^\d{4}年\d{1,2}月\d{1,2}日星期.\s?\d{1,2}:\d{2}$/);
  });

  it('puts the focus back in the text box after a quick reply', async () => {
    const { page } = await visitor();
    const frame = await openChat(page);
    await ask(frame, 'hello');
    const reply = frame.locator('.quick-replies button').first();
    await reply.waitFor({ timeout: WAIT });
    const label = (await reply.textContent())!;
    await reply.click();
    await frame.getByRole('log').locator('.msg-visitor', { hasText: label }).waitFor({ timeout: WAIT });
    expect(await chatFrame(page).evaluate(() => document.activeElement?.id)).toBe('parley-message');
  });

  it('chimes for a reply to a closed chat only once the visitor turned the sound on, and once for both tabs', async () => {
    const { context, page } = await visitor();
    // Counts the notes each frame plays (two per chime), without listening to any.
    await context.addInitScript(() => {
      const w = window as unknown as { __notes: number };
      w.__notes = 0;
      const make = AudioContext.prototype.createOscillator;
      AudioContext.prototype.createOscillator = function (this: AudioContext) {
        w.__notes++;
        return make.call(this);
      };
    });
    await page.reload();
    const frame = await openChat(page);
    const id = await reachAda(frame);
    const other = await context.newPage();
    await other.goto(`${server.url}/`);
    await launcher(other).waitFor();
    // Which message a chime last rang for (kept so that the shop's tabs ring once between them).
    const chimed = () => chatFrame(page).evaluate(() => localStorage.getItem('parley:chimed'));

    await closeChat(page);
    await adaSays(id, 'Muted by default');
    await badgeShows(page, '1');
    await badgeShows(other, '1');
    await new Promise((r) => setTimeout(r, 1000)); // past the pause a tab waits before it rings
    expect(await chimed()).toBeNull();

    await openChat(page);
    await frame.getByRole('button', { name: 'Sound for new messages' }).click();
    await closeChat(page);
    const rung = await adaSays(id, 'Now you hear me');
    expect(await eventually(chimed, (v) => v === rung)).toBe(rung);
    await new Promise((r) => setTimeout(r, 1000)); // past the pause the other tab waits before it would ring
    const notes = (p: Page) => chatFrame(p).evaluate(() => (window as unknown as { __notes: number }).__notes);
    // Two notes as the sound was turned on (so the visitor hears it), two for the reply: in one tab only.
    expect((await notes(page)) + (await notes(other))).toBe(4);
  }, 60_000);

  it('keeps the sound muted until the visitor turns it on, and remembers the choice on the next page', async () => {
    const { page } = await visitor();
    let frame = await openChat(page);
    const toggle = frame.getByRole('button', { name: 'Sound for new messages' });
    expect(await toggle.getAttribute('aria-pressed')).toBe('false');
    await toggle.click();
    expect(await toggle.getAttribute('aria-pressed')).toBe('true');

    await page.goto(`${server.url}/?page=2`);
    frame = await openChat(page);
    const again = frame.getByRole('button', { name: 'Sound for new messages' });
    expect(await again.getAttribute('aria-pressed')).toBe('true');
    await again.click();
    expect(await again.getAttribute('aria-pressed')).toBe('false');
    await page.reload();
    frame = await openChat(page);
    expect(await frame.getByRole('button', { name: 'Sound for new messages' }).getAttribute('aria-pressed')).toBe('false');
  });
});
