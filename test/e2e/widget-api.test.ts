import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { identityHash } from '../../server/auth/identity.ts';
import { signIn, type SignedIn } from '../server/desk-peers.ts';
import { ask, askForAPerson, chatFrame, launchChromium, openChat, signInToConsole } from '../support/browser.ts';
import { MIA } from '../support/console-fixture.ts';
import { eventually } from '../support/eventually.ts';
import { createAgent, startTestServer, type TestServer } from '../support/server.ts';

// Issue 12, the merchant's JavaScript API and verified identity, in real Chromium: a shop page on its own
// origin (another port: the bridge's origin checks apply; the same site, so the frame keeps its storage, as
// it does on a shop whose browser allows third-party storage) with the documented snippet, the real loader
// and frame, the real server.

const WAIT = 15_000;
const SECRET = 'identity-secret-for-browser-tests-012345';

let browser: Browser;
let optional: TestServer;
let required: TestServer;
/** Serves the shop page: `/?parley=<Parley origin>&script=<what runs before the loader>`. */
let shopServer: Server;
let SHOP: string;
const closers: Array<{ close(): unknown }> = [];

beforeAll(async () => {
  shopServer = createServer((req, res) => {
    const q = new URL(req.url ?? '/', 'http://shop').searchParams;
    res.setHeader('Content-Type', 'text/html; charset=utf-8');
    res.end(pageHtml(q.get('parley') ?? '', q.get('script') ?? ''));
  });
  await new Promise<void>((resolve) => shopServer.listen(0, '127.0.0.1', resolve));
  SHOP = `http://127.0.0.1:${(shopServer.address() as { port: number }).port}`;
  [browser, optional, required] = await Promise.all([
    launchChromium(),
    startTestServer({ env: { PARLEY_IDENTITY_SECRET: SECRET } }),
    startTestServer({ env: { PARLEY_IDENTITY_SECRET: SECRET, PARLEY_IDENTITY_REQUIRED: 'true' } }),
  ]);
});

afterAll(async () => {
  for (const c of closers.splice(0)) await c.close();
  await browser?.close();
  await optional?.close();
  await required?.close();
  shopServer?.close();
});

interface Shop {
  context: BrowserContext;
  page: Page;
  /** What the page's own handlers wrote down (window.seen). */
  seen(): Promise<unknown[]>;
  /** Warnings the chat wrote to the browser console. */
  warnings: string[];
  /** Uncaught errors on the page (a merchant handler that threw). */
  errors: string[];
  /** Opens another page of the shop in the same browser context. */
  visit(script?: string): Promise<void>;
}

/**
 * A shop page on its own origin with the snippet from docs/embedding.md; `script` runs right after the stub,
 * before the loader. The loader itself is held back a little, so those calls really come first.
 */
async function shop(server: TestServer, script = '', context?: BrowserContext): Promise<Shop> {
  const ctx = context ?? (await browser.newContext({ locale: 'en-US', viewport: { width: 1100, height: 760 } }));
  if (!context) {
    closers.push(ctx);
    await ctx.route(`${server.url}/widget.js`, async (route) => {
      await new Promise((r) => setTimeout(r, 300));
      await route.continue();
    });
  }
  const page = await ctx.newPage();
  const warnings: string[] = [];
  const errors: string[] = [];
  page.on('console', (m) => m.type() === 'warning' && warnings.push(m.text()));
  page.on('pageerror', (err) => errors.push(err.message));
  const visit = async (s = '') => void (await page.goto(`${SHOP}/?parley=${encodeURIComponent(server.url)}&script=${encodeURIComponent(s)}`));
  await visit(script);
  return { context: ctx, page, warnings, errors, visit, seen: () => page.evaluate(() => (window as unknown as { seen: unknown[] }).seen) };
}

function pageHtml(parley: string, script: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Shop</title></head><body><h1>A shop</h1>
<script>
  window.Parley = window.Parley || function () { (Parley.q = Parley.q || []).push(arguments); };
  window.seen = [];
  ${script}
</script>
<script src="${parley}/widget.js" async></script>
</body></html>`;
}

/** Parley(...) on the shop's page, as the merchant's own script would call it. */
const parley = (page: Page, ...args: unknown[]) => page.evaluate((a) => (window as unknown as { Parley: (...a: unknown[]) => void }).Parley(...a), args);

const launcher = (page: Page) => page.locator('#parley-widget button');
const frameOf = (page: Page) => page.frameLocator('iframe[src*="/widget/frame"]');


/** The visitor id the frame's stored token carries (`v1.<visitorId>.<mac>`), or null without one. */
const visitorIdOf = async (page: Page): Promise<string | null> =>
  (await chatFrame(page).evaluate(() => localStorage.getItem('parley:token')))?.split('.')[1] ?? null;

const identifyCall = (claim: Record<string, unknown>) => `Parley('identify', ${JSON.stringify(claim)});`;

describe('Parley(...) calls', () => {
  it('replays calls made before the loader arrived, in order: handlers, set, identify, open', async () => {
    const hash = identityHash(SECRET, 'early-bird');
    const s = await shop(
      optional,
      `Parley('on', 'open', function () { seen.push('open'); });
       Parley('set', { locale: 'zh', color: '#b45309', position: 'left' });
       ${identifyCall({ id: 'early-bird', name: 'Early Bird', hash })}
       Parley('open');`,
    );
    const frame = frameOf(s.page);
    await frame.getByRole('textbox', { name: '消息' }).waitFor({ timeout: WAIT });
    expect(await s.seen()).toEqual(['open']);
    expect(await launcher(s.page).getAttribute('aria-label')).toBe('关闭聊天');
    expect(await launcher(s.page).evaluate((el) => [getComputedStyle(el).left, getComputedStyle(el).backgroundColor])).toEqual(['20px', 'rgb(180, 83, 9)']);
    expect(await chatFrame(s.page).evaluate(() => getComputedStyle(document.documentElement).getPropertyValue('--parley-color').trim())).toBe('#b45309');
    const id = await eventually(() => visitorIdOf(s.page), Boolean);
    expect(await eventually(async () => (await optional.store.getVisitor(id!))?.externalId, Boolean)).toBe('early-bird');
  });

  it("opens, closes and toggles; 'on' handlers hear open and close until 'off'", async () => {
    const s = await shop(optional, `window.track = function () { seen.push(this); }; Parley('on', 'open', function () { seen.push('open'); }); Parley('on', 'close', function () { seen.push('close'); });`);
    await launcher(s.page).waitFor();
    const expanded = () => launcher(s.page).getAttribute('aria-expanded');
    await parley(s.page, 'toggle');
    await frameOf(s.page).getByRole('textbox', { name: 'Message' }).waitFor({ timeout: WAIT });
    expect(await expanded()).toBe('true');
    await parley(s.page, 'toggle');
    expect(await expanded()).toBe('false');
    expect(await s.page.locator('iframe[src*="/widget/frame"]').isHidden()).toBe(true);
    await parley(s.page, 'open');
    await parley(s.page, 'open'); // already open: nothing to hear
    await launcher(s.page).click(); // the visitor closes it
    await parley(s.page, 'close'); // already closed
    expect(await s.seen()).toEqual(['open', 'close', 'open', 'close']);

    await s.page.evaluate(() => {
      const w = window as unknown as { Parley: (...a: unknown[]) => void; seen: unknown[] };
      const once = () => w.seen.push('counted once');
      w.Parley('on', 'open', once);
      w.Parley('on', 'open', once); // the same function twice is one handler
      w.Parley('open');
      w.Parley('off', 'open', once);
      w.Parley('close');
      w.Parley('open');
    });
    expect(await s.seen()).toEqual(['open', 'close', 'open', 'close', 'open', 'counted once', 'close', 'open']);
    expect(s.errors).toEqual([]);
  });

  it('changes the language, color and side live, in the launcher and the open chat', async () => {
    const s = await shop(optional);
    const frame = await openChat(s.page);
    await parley(s.page, 'set', { locale: 'zh-CN', color: '#0f766e', position: 'left' });
    await frame.getByRole('textbox', { name: '消息' }).waitFor({ timeout: WAIT });
    expect(await chatFrame(s.page).evaluate(() => document.documentElement.lang)).toBe('zh-CN');
    expect(await launcher(s.page).getAttribute('aria-label')).toBe('关闭聊天');
    expect(await launcher(s.page).evaluate((el) => [getComputedStyle(el).left, getComputedStyle(el).backgroundColor])).toEqual(['20px', 'rgb(15, 118, 110)']);
    expect(await chatFrame(s.page).evaluate(() => getComputedStyle(document.documentElement).getPropertyValue('--parley-color').trim())).toBe('#0f766e');
    // The bot follows the new language too.
    await ask(frame, '我想退货', 'zh');
    await eventually(
      async () => (await optional.store.latestConversationForVisitor((await visitorIdOf(s.page))!))?.locale,
      (l) => l === 'zh',
    );
    // A color that is not one is ignored; the rest of the call still applies.
    await parley(s.page, 'set', { locale: 'en', color: 'red; background: url(//evil.example)', position: 'right' });
    await frame.getByRole('textbox', { name: 'Message' }).waitFor({ timeout: WAIT });
    expect(await launcher(s.page).evaluate((el) => [getComputedStyle(el).right, getComputedStyle(el).backgroundColor])).toEqual(['20px', 'rgb(15, 118, 110)']);
  });

  it('tells message, handoff and unread handlers (a handler that throws breaks nothing)', async () => {
    const ada: SignedIn = await signIn(optional, 'Ada');
    closers.push(ada);
    const s = await shop(
      optional,
      `Parley('on', 'message', function () { throw new Error('a bug in the shop handler'); });
       Parley('on', 'message', function (m) { seen.push(['message', m]); });
       Parley('on', 'handoff', function (h) { seen.push(['handoff', h]); });
       Parley('on', 'unread', function (n) { seen.push(['unread', n]); });`,
    );
    const frame = await openChat(s.page);
    await askForAPerson(frame);
    const events = () => s.seen() as Promise<Array<[string, Record<string, unknown>]>>;
    const handoff = (await eventually(events, (e) => e.some(([name]) => name === 'handoff'))).find(([name]) => name === 'handoff');
    expect(handoff?.[1]).toEqual({ status: expect.stringMatching(/^(queued|assigned)$/) });
    const botMessage = (await events()).find(([name]) => name === 'message')?.[1];
    // The documented public shape, nothing more (no ids).
    expect(Object.keys(botMessage ?? {}).sort()).toEqual(['author', 'authorName', 'createdAt', 'text']);
    expect(botMessage).toMatchObject({ author: 'bot', text: expect.any(String), createdAt: expect.any(Number) });
    expect(s.errors.some((e) => e.includes('a bug in the shop handler'))).toBe(true);

    const conversationId = (await optional.store.latestConversationForVisitor((await visitorIdOf(s.page))!))!.id;
    const conv = await eventually(() => optional.store.getConversation(conversationId), (c) => c?.status === 'assigned' || c?.status === 'queued');
    if (conv?.status === 'queued') expect((await ada.emit('conversation:claim', { conversationId })).ok).toBe(true);
    await parley(s.page, 'close');
    expect((await ada.emit('message:send', { conversationId, clientId: randomUUID(), text: 'Ada here: your refund is on its way' })).ok).toBe(true);
    await eventually(events, (e) => e.some(([name, n]) => name === 'unread' && (n as unknown) === 1));
    expect(await s.page.locator('#parley-widget b').textContent()).toBe('1');
    await parley(s.page, 'open');
    await eventually(events, (e) => e.filter(([name]) => name === 'unread').length === 2);
    const after = await events();
    expect(after.filter(([name]) => name === 'unread').map(([, n]) => n)).toEqual([1, 0]);
    expect(after.find(([name, m]) => name === 'message' && m.author === 'agent')?.[1]).toMatchObject({ authorName: 'Ada', text: 'Ada here: your refund is on its way' });
    // The chat carried on: the agent's message is on screen and the visitor can still write.
    await frame.getByRole('log').getByText('Ada here: your refund is on its way').waitFor({ timeout: WAIT });
    await ask(frame, 'thanks!');
    await frame.getByRole('log').getByText('thanks!', { exact: true }).waitFor();
  });
});

describe("Parley('shutdown')", () => {
  it('forgets the visitor on this browser: the next open is a new, anonymous visitor', async () => {
    const s = await shop(optional);
    let frame = await openChat(s.page);
    await ask(frame, 'a private question');
    await frame.getByRole('log').getByText('a private question').waitFor();
    const before = await eventually(() => visitorIdOf(s.page), Boolean);

    await parley(s.page, 'shutdown');
    expect(await launcher(s.page).getAttribute('aria-expanded')).toBe('false');
    expect(await eventually(() => visitorIdOf(s.page), (id) => id === null)).toBeNull();
    expect(await s.page.evaluate(() => [localStorage.getItem('parley:live'), localStorage.getItem('parley:reset')])).toEqual([null, null]);

    frame = await openChat(s.page);
    const after = await eventually(() => visitorIdOf(s.page), (id) => id !== null);
    expect(after).not.toBe(before);
    expect(await frame.getByRole('log').getByText('a private question').count()).toBe(0);
    await s.page.reload();
    frame = await openChat(s.page);
    await ask(frame, 'hello again');
    await frame.getByRole('log').getByText('hello again').waitFor();
    expect(await frame.getByRole('log').getByText('a private question').count()).toBe(0);
    expect(await visitorIdOf(s.page)).toBe(after);
  });

  it('called on a sign-out page before the loader arrived, forgets the visitor of the pages before', async () => {
    const s = await shop(optional);
    const frame = await openChat(s.page);
    await ask(frame, 'signed-in question');
    await frame.getByRole('log').getByText('signed-in question').waitFor();
    const before = await eventually(() => visitorIdOf(s.page), Boolean);

    await s.visit(`Parley('shutdown');`);
    // The loader makes the frame (hidden) just to forget.
    await s.page.locator('iframe[src*="/widget/frame"]').waitFor({ state: 'attached', timeout: WAIT });
    expect(await eventually(() => visitorIdOf(s.page), (id) => id === null)).toBeNull();
    expect(await launcher(s.page).getAttribute('aria-expanded')).toBe('false');
    const again = await openChat(s.page);
    await ask(again, 'who am I now?');
    await again.getByRole('log').getByText('who am I now?').waitFor();
    expect(await visitorIdOf(s.page)).not.toBe(before);
    expect(await again.getByRole('log').getByText('signed-in question').count()).toBe(0);
  });
});

describe('verified identity in the browser', () => {
  async function identified(server: TestServer, claim: Record<string, unknown>) {
    const s = await shop(server, identifyCall(claim));
    const frame = await openChat(s.page);
    const id = (await eventually(() => visitorIdOf(s.page), Boolean))!;
    return { ...s, frame, visitor: () => server.store.getVisitor(id) };
  }
  const good = (id: string) => identityHash(SECRET, id);
  const BAD = identityHash('not-the-secret-but-long-enough-000000000', 'x');

  describe('with the identity optional', () => {
    it('verifies a good hash', async () => {
      const s = await identified(optional, { id: 'buyer-1', name: 'Bo Buyer', email: 'bo@example.com', hash: good('buyer-1') });
      expect(await eventually(s.visitor, (v) => !!v?.externalId)).toMatchObject({ externalId: 'buyer-1', name: 'Bo Buyer', email: 'bo@example.com' });
      expect(s.warnings.filter((w) => w.startsWith("Parley('identify')"))).toEqual([]);
    });

    it('keeps a bad hash as not verified, and says so in the console', async () => {
      const s = await identified(optional, { id: 'buyer-1', name: 'Not Bo', hash: BAD });
      expect(await eventually(s.visitor, (v) => !!v?.name)).toMatchObject({ externalId: null, name: 'Not Bo' });
      await eventually(async () => s.warnings, (w) => w.some((x) => x.includes("Parley('identify'): hash does not match")));
    });

    it('keeps no hash as not verified', async () => {
      const s = await identified(optional, { id: 'buyer-1', name: 'Also Not Bo' });
      expect(await eventually(s.visitor, (v) => !!v?.name)).toMatchObject({ externalId: null, name: 'Also Not Bo' });
    });

    it("shows a verified visitor's conversation on a second browser, live", async () => {
      const laptop = await identified(optional, { id: 'globetrotter', hash: good('globetrotter') });
      await ask(laptop.frame, 'asked on my laptop');
      await laptop.frame.getByRole('log').getByText('asked on my laptop').waitFor();

      const phone = await shop(optional, identifyCall({ id: 'globetrotter', hash: good('globetrotter') }));
      const phoneChat = await openChat(phone.page);
      await phoneChat.getByRole('log').getByText('asked on my laptop').waitFor({ timeout: WAIT });
      await ask(phoneChat, 'and now on my phone');
      await laptop.frame.getByRole('log').getByText('and now on my phone').waitFor({ timeout: WAIT });
      expect(await visitorIdOf(phone.page)).toBe(await visitorIdOf(laptop.page));
    });

    it("shows another person on a browser verified as someone a new chat, without the first person's", async () => {
      const s = await identified(optional, { id: 'first-user', hash: good('first-user') });
      await ask(s.frame, 'first user secret');
      await s.frame.getByRole('log').getByText('first user secret').waitFor();
      const first = await visitorIdOf(s.page);
      await s.visit(identifyCall({ id: 'second-user', hash: good('second-user') }));
      const frame = await openChat(s.page);
      const second = await eventually(() => visitorIdOf(s.page), (id) => id !== null && id !== first);
      expect(second).not.toBe(first);
      expect((await optional.store.getVisitor(second!))?.externalId).toBe('second-user');
      await ask(frame, 'second user here');
      await frame.getByRole('log').getByText('second user here').waitFor();
      expect(await frame.getByRole('log').getByText('first user secret').count()).toBe(0);
    });

    it('marks the verified visitor in the console: a badge in the list and the user id in the card', async () => {
      await createAgent(optional, MIA);
      const agent = await signInToConsole(browser, optional.url, MIA);
      closers.push(agent.context());
      const s = await identified(optional, { id: 'vip-4521', name: 'Vera Verified', hash: good('vip-4521') });
      await askForAPerson(s.frame);
      const plain = await identified(optional, { id: 'vip-4521', name: 'Ursula Unverified', hash: BAD });
      await askForAPerson(plain.frame);

      const list = agent.getByRole('navigation', { name: 'Conversations' });
      const row = list.getByRole('button', { name: /Vera Verified/ });
      await row.waitFor({ timeout: WAIT });
      expect(await row.innerText()).toContain('Verified');
      const other = list.getByRole('button', { name: /Ursula Unverified/ });
      await other.waitFor({ timeout: WAIT });
      expect(await other.innerText()).not.toContain('Verified');

      await row.click();
      const card = agent.getByRole('complementary', { name: 'Visitor details' }).getByRole('region', { name: 'Visitor' });
      await card.getByText('vip-4521').first().waitFor({ timeout: WAIT });
      const text = await card.innerText();
      expect(text).toContain('Verified');
      expect(text).toContain('User ID');
      expect(text).not.toContain('not verified');
      await other.click();
      await card.getByText('Ursula Unverified').first().waitFor({ timeout: WAIT });
      expect(await card.innerText()).toContain('not verified');
    });
  });

  describe('with PARLEY_IDENTITY_REQUIRED=true', () => {
    it('verifies a good hash', async () => {
      const s = await identified(required, { id: 'member-7', name: 'Mo Member', hash: good('member-7') });
      expect(await eventually(s.visitor, (v) => !!v?.externalId)).toMatchObject({ externalId: 'member-7', name: 'Mo Member' });
    });

    it.each([
      ['a bad hash', BAD],
      ['no hash', undefined],
    ])('refuses %s: the visitor stays anonymous, and the console says why', async (_, hash) => {
      const s = await identified(required, { id: 'member-7', name: 'Impostor', hash });
      await eventually(async () => s.warnings, (w) => w.some((x) => x.includes("Parley('identify'): refused")));
      expect(await s.visitor()).toMatchObject({ externalId: null, name: null });
      // The chat works all the same, anonymously.
      await ask(s.frame, 'hello anyway');
      await s.frame.getByRole('log').getByText('hello anyway').waitFor();
    });
  });
});
