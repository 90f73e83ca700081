import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { allA11yViolations, ask, chatFrame, openChat, signInToConsole } from '../support/browser.ts';
import { MIA, consoleFixture } from '../support/console-fixture.ts';
import type { TestServer } from '../support/server.ts';

// Issue 12: the chat and the console follow the system's dark mode (the merchant's colour stays the chat's
// accent), and a visitor or agent who asked for reduced motion sees nothing move. Contrast in both schemes is
// axe-core's job (accessibility.test.ts); here, that the schemes and the motion setting take effect at all.

const WAIT = 10_000;
const fixture = consoleFixture([MIA]);
let server: TestServer;
beforeAll(() => void ({ server } = fixture));

/** A shop page whose merchant picked `color`, at the demo page's address (the demo sets no colour). */
async function shopInColour(page: Page, color = '#0f766e'): Promise<void> {
  await page.route(`${server.url}/`, (route) =>
    route.fulfill({
      contentType: 'text/html',
      body: `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>A shop</title></head><body><main><h1>A shop</h1></main>` +
        `<script src="${server.url}/widget.js" data-color="${color}" async></script></body></html>`,
    }),
  );
  await page.goto(`${server.url}/`);
}

const colours = (page: Page) =>
  chatFrame(page).evaluate(() => {
    const css = (selector: string) => getComputedStyle(document.querySelector(selector)!);
    return { page: css('body').backgroundColor, text: css('body').color, header: css('.header').backgroundColor, scheme: css(':root').colorScheme };
  });

describe('dark mode', () => {
  it("the chat follows the system's scheme, live, and keeps the merchant's colour", async () => {
    const context = await fixture.browser.newContext({ colorScheme: 'dark' });
    const page = await context.newPage();
    await shopInColour(page);
    await openChat(page);
    expect(await colours(page)).toEqual({ page: 'rgb(17, 24, 39)', text: 'rgb(243, 244, 246)', header: 'rgb(15, 118, 110)', scheme: 'dark' });
    // The frame the loader draws before the chat paints is dark too (the system's dark Canvas: no white flash).
    const frameBackground = () =>
      page.evaluate(() => getComputedStyle(document.getElementById('parley-widget')!.shadowRoot!.querySelector('iframe')!).backgroundColor);
    expect(await frameBackground()).toBe('rgb(18, 18, 18)');

    // The visitor's system switches to light while the chat is open.
    await page.emulateMedia({ colorScheme: 'light' });
    expect(await colours(page)).toEqual({ page: 'rgb(255, 255, 255)', text: 'rgb(31, 41, 55)', header: 'rgb(15, 118, 110)', scheme: 'light' });
    expect(await frameBackground()).toBe('rgb(255, 255, 255)');
    await context.close();
  });

  it.each(['#fde047', '#111111', '#7c3aed'])("with the merchant's colour %s the chat passes axe-core in light and dark", async (color) => {
    const context = await fixture.browser.newContext();
    const page = await context.newPage();
    await shopInColour(page, color);
    const chat = await openChat(page);
    await ask(chat, 'purple elephant submarine tuesday'); // the visitor's bubble and a quick reply, in the colour
    await chat.getByRole('button', { name: 'Talk to a person' }).waitFor({ timeout: WAIT });
    for (const colorScheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme });
      expect(await allA11yViolations(chatFrame(page))).toEqual([]);
      expect(await allA11yViolations(page)).toEqual([]);
    }
    await context.close();
  });

  it("the console follows the system's scheme", async () => {
    const agent = await signInToConsole(fixture.browser, server.url, MIA);
    const look = () =>
      agent.evaluate(() => {
        const panel = getComputedStyle(document.querySelector('.queue')!);
        return { page: getComputedStyle(document.documentElement).backgroundColor, panel: panel.backgroundColor, text: panel.color };
      });
    expect(await look()).toEqual({ page: 'rgb(245, 246, 248)', panel: 'rgb(255, 255, 255)', text: 'rgb(29, 35, 48)' });
    await agent.emulateMedia({ colorScheme: 'dark' });
    expect(await look()).toEqual({ page: 'rgb(15, 19, 25)', panel: 'rgb(24, 29, 37)', text: 'rgb(230, 233, 239)' });
    await agent.context().close();
  });
});

/** Every element in the document (open shadow roots included) that animates or transitions, as "tag.class: what". */
const moving = (doc: { evaluate: Page['evaluate'] }) =>
  doc.evaluate(() =>
    [...document.querySelectorAll('*')].flatMap((host) => [host, ...(host.shadowRoot?.querySelectorAll('*') ?? [])]).flatMap((el) => {
      const s = getComputedStyle(el);
      const what = [s.animationName !== 'none' && `animation ${s.animationName}`, parseFloat(s.transitionDuration) > 0 && `transition ${s.transitionDuration}`];
      return what.filter(Boolean).map((w) => `${el.tagName.toLowerCase()}.${el.className}: ${w}`);
    }),
  );

describe('reduced motion', () => {
  it('the chat animates new messages, and not at all for a visitor who asked for reduced motion', async () => {
    const context = await fixture.browser.newContext();
    const page = await context.newPage();
    await page.goto(`${server.url}/`);
    const chat = await openChat(page);
    await ask(chat, 'where is my order?');
    await chat.getByRole('log').getByText('where is my order?').waitFor({ timeout: WAIT });
    expect(await moving(chatFrame(page))).toContain('div.msg msg-visitor: animation rise');
    await page.emulateMedia({ reducedMotion: 'reduce' });
    expect(await moving(chatFrame(page))).toEqual([]);
    expect(await moving(page)).toEqual([]); // the launcher on the shop's page neither
    await context.close();
  });

  it('nothing moves in the console for an agent who asked for reduced motion', async () => {
    const agent = await signInToConsole(fixture.browser, server.url, MIA);
    await agent.emulateMedia({ reducedMotion: 'reduce' });
    await agent.getByRole('button', { name: 'Alerts', exact: true }).click();
    expect(await moving(agent)).toEqual([]);
    await agent.context().close();
  });
});
