import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allA11yViolations, chatFrame, launchChromium, openChat, widgetWords } from '../support/browser.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

// Issue 12, "fit on every page", in real Chromium: the demo page on a phone, the full-screen chat on a page
// wider than the screen, and the launcher on merchant pages whose CSS fights it.

const WAIT = 10_000;
const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 };

let server: TestServer;
let browser: Browser;
/** Merchant pages of our own making, on another origin than Parley's (as a real shop is). */
let shop: Server;
let shopUrl: string;
const shopPages = new Map<string, string>();

beforeAll(async () => {
  server = await startTestServer();
  browser = await launchChromium();
  shop = createServer((req, res) => {
    const body = shopPages.get(req.url ?? '');
    res.writeHead(body ? 200 : 404, { 'content-type': 'text/html; charset=utf-8' }).end(body ?? 'not found');
  });
  await new Promise<void>((resolve) => shop.listen(0, '127.0.0.1', resolve));
  // localhost, not 127.0.0.1: another origin than the Parley server's, both on this machine.
  shopUrl = `http://localhost:${(shop.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await new Promise((resolve) => shop?.close(resolve));
});

/** A merchant page with `css` in its head and the pasted script tag, served at a path of its own. */
function shopPage(name: string, css: string, body = '<main><h1>A shop</h1><p>Things for sale.</p></main>'): string {
  const path = `/${name}`;
  shopPages.set(
    path,
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">` +
      `<title>${name}</title><style>${css}</style></head><body>${body}` +
      `<script src="${server.url}/widget.js" async></script></body></html>`,
  );
  return `${shopUrl}${path}`;
}

async function visit(url: string, options: Parameters<Browser['newContext']>[0] = {}): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ locale: 'en-US', viewport: { width: 1100, height: 760 }, ...options });
  context.setDefaultTimeout(WAIT);
  const page = await context.newPage();
  await page.goto(url);
  return { context, page };
}

/** The launcher's and the chat frame's boxes, and what the visitor's finger would hit at the centre of each. */
function widgetGeometry(page: Page) {
  return page.evaluate(() => {
    const host = document.getElementById('parley-widget');
    const root = host?.shadowRoot;
    if (!host || !root) throw new Error('the widget is not on the page');
    const at = (el: Element | null) => {
      if (!el || (el as HTMLElement).hidden) return null;
      const r = el.getBoundingClientRect();
      const x = r.left + r.width / 2;
      const y = r.top + r.height / 2;
      // The page sees the host (the shadow root is retargeted); inside it, the element itself.
      const hit = document.elementFromPoint(x, y) === host && el.contains(root.elementFromPoint(x, y));
      return { left: Math.round(r.left), top: Math.round(r.top), width: Math.round(r.width), height: Math.round(r.height), hit };
    };
    return { launcher: at(root.querySelector('button')), chat: at(root.querySelector('iframe')) };
  });
}

describe('on a phone (390×844)', () => {
  it('the demo page is no wider than the screen, and the open chat covers exactly the screen', async () => {
    const { context, page } = await visit(`${server.url}/`, PHONE);
    const fit = await page.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth, innerWidth }));
    expect(fit.innerWidth).toBe(390);
    expect(fit.scrollWidth).toBeLessThanOrEqual(fit.innerWidth);

    const frame = await openChat(page);
    expect((await widgetGeometry(page)).chat).toEqual({ left: 0, top: 0, width: 390, height: 844, hit: true });
    // The header's close button and the composer are both on screen, so the visitor can write and leave.
    const close = await frame.getByRole('button', { name: 'Close chat' }).boundingBox();
    const send = await frame.getByRole('button', { name: 'Send', exact: true }).boundingBox();
    expect(close!.x + close!.width).toBeLessThanOrEqual(390);
    expect(send!.y + send!.height).toBeLessThanOrEqual(844);
    // Full screen on a phone passes axe-core too, light and dark (the widget's other states: accessibility.test.ts).
    for (const colorScheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme });
      expect(await allA11yViolations(page)).toEqual([]);
      expect(await allA11yViolations(chatFrame(page))).toEqual([]);
    }
    await context.close();
  });

  it('turned on its side (844×390), the open chat still covers exactly the screen', async () => {
    const { context, page } = await visit(`${server.url}/`, { ...PHONE, viewport: { width: 844, height: 390 } });
    await openChat(page);
    expect((await widgetGeometry(page)).chat).toEqual({ left: 0, top: 0, width: 844, height: 390, hit: true });
    await context.close();
  });

  it.each([
    ['a page 1200 px wide', 'body { margin: 0 } .wide { width: 1200px; height: 3000px; background: #eee }', true],
    ['a page zoomed 1.5×', 'html { zoom: 1.5 } body { margin: 0 } .wide { height: 3000px; background: #eee }', false],
  ])('on %s the launcher is on screen and the open chat covers exactly the screen', async (name, css, wide) => {
    const { context, page } = await visit(shopPage(`phone-${name.replace(/\W+/g, '-')}`, css, '<div class="wide">Wide</div>'), PHONE);
    if (wide) expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeGreaterThan(390); // it really is
    const { launcher } = await widgetGeometry(page);
    expect(launcher).toMatchObject({ hit: true });
    expect(launcher!.left + launcher!.width).toBeLessThanOrEqual(390);
    expect(launcher!.top + launcher!.height).toBeLessThanOrEqual(844);
    const frame = await openChat(page);
    expect((await widgetGeometry(page)).chat).toEqual({ left: 0, top: 0, width: 390, height: 844, hit: true });
    // Escape closes it (keys, since Playwright aims taps inside a zoomed page's frame wrongly; Chromium does not).
    await frame.getByRole('textbox', { name: 'Message' }).press('Escape');
    await page.getByRole('button', { name: widgetWords.en.open }).waitFor();
    expect((await widgetGeometry(page)).chat).toBeNull();
    await context.close();
  });
});

// What merchants' stylesheets do, on purpose or not. Every page is also tall, so a launcher pinned to the
// bottom of a transformed <body> instead of the screen would be out of sight.
const TALL = '<main><h1>A shop</h1><div style="height: 3000px">Things for sale.</div></main>';
// A see-through layer over the whole screen at the largest z-index (a cookie wall, a "sale" banner gone wrong).
const OVERLAY = '<aside style="position: fixed; inset: 0; z-index: 2147483647; background: rgb(0 0 0 / 0.1)">Sale!</aside>';
const hostile: Array<[string, string, string?]> = [
  ['* { all: unset !important }', '* { all: unset !important }'],
  ['div { z-index: 2147483647 !important; position: relative }', 'div { z-index: 2147483647 !important; position: relative }'],
  ['a full-screen layer at the largest z-index', '', TALL + OVERLAY],
  ['html { zoom: 1.5 }', 'html { zoom: 1.5 }'],
  ['a transformed, filtered body', 'body { transform: translateY(-40px) scale(0.9); filter: saturate(0.8) }'],
  ['iframe { display: none !important }; button { visibility: hidden !important }', 'iframe { display: none !important } button { visibility: hidden !important }'],
  ['div { display: none !important }', 'div { display: none !important; opacity: 0 !important }'],
  [
    'all of them at once',
    '* { all: unset !important } html { zoom: 1.5 } body { transform: scale(0.9) } div { z-index: 2147483647 !important; position: relative } ' +
      'iframe { display: none !important } button { visibility: hidden !important }',
    TALL + OVERLAY,
  ],
];

describe('on a page whose CSS fights the widget', () => {
  it.each(hostile)('%s: the launcher shows, takes the click and opens a chat that works', async (name, css, body = TALL) => {
    const { context, page } = await visit(shopPage(`hostile-${name.replace(/\W+/g, '-')}`, css, body));
    const launcher = page.getByRole('button', { name: widgetWords.en.open });
    await launcher.waitFor();
    // Scrolled down the tall page: a launcher fixed to anything but the screen would have moved away.
    await page.evaluate(() => window.scrollTo(0, 1000));
    const before = await widgetGeometry(page);
    expect(before.launcher).toMatchObject({ hit: true });
    // On screen, in the corner where it belongs.
    const { width, height } = page.viewportSize()!;
    expect(before.launcher!.left).toBeGreaterThan(width / 2);
    expect(before.launcher!.top).toBeGreaterThan(height / 2);
    expect(before.launcher!.left + before.launcher!.width).toBeLessThanOrEqual(width);
    expect(before.launcher!.top + before.launcher!.height).toBeLessThanOrEqual(height);

    // A real click at the launcher's centre, the way the visitor's mouse would land (no forcing).
    await page.mouse.click(before.launcher!.left + before.launcher!.width / 2, before.launcher!.top + before.launcher!.height / 2);
    const frame = page.frameLocator('iframe[src*="/widget/frame"]');
    await frame.getByRole('textbox', { name: 'Message' }).waitFor({ timeout: WAIT });
    expect((await widgetGeometry(page)).chat).toMatchObject({ hit: true });
    // Enter sends (a click inside a zoomed page's frame is aimed wrong by Playwright, not by Chromium).
    const textbox = frame.getByRole('textbox', { name: 'Message' });
    await textbox.fill('hello, is anyone there?');
    await textbox.press('Enter');
    const log = frame.getByRole('log');
    await log.getByText('hello, is anyone there?').waitFor({ timeout: WAIT });
    await log.getByText(widgetWords.en.sending).waitFor({ state: 'detached', timeout: WAIT }); // acknowledged: stored
    await context.close();
  });
});

describe('on a page that swaps its <body> (Turbo, some routers)', () => {
  it('the launcher stays, and still opens the chat', async () => {
    const { context, page } = await visit(shopPage('body-swap', '', TALL));
    await page.getByRole('button', { name: widgetWords.en.open }).waitFor();
    await page.evaluate(() => {
      const next = document.createElement('body');
      next.innerHTML = '<main><h1>Another page</h1></main>';
      document.body.replaceWith(next);
    });
    expect((await widgetGeometry(page)).launcher).toMatchObject({ hit: true });
    await openChat(page);
    expect((await widgetGeometry(page)).chat).toMatchObject({ hit: true });
    await context.close();
  });
});
