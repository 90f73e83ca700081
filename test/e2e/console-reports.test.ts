import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import type { BotKind } from '../../protocol/index.ts';
import { untilBotReplies } from '../server/peers.ts';
import { launchChromium, seriousA11yViolations, signInToConsole } from '../support/browser.ts';
import { LEO, MIA } from '../support/console-fixture.ts';
import { createAgent, startTestServer, type TestServer } from '../support/server.ts';
import { shopPack } from '../support/shop-pack.ts';

// Issue 10: the support lead's reports page — figures, the day chart (uPlot, loaded only on this page), the
// busiest-hours grid, and the unanswered questions turned into a FAQ intent by an admin.

const WAIT = 15_000;
const dir = mkdtempSync(join(tmpdir(), 'parley-e2e-reports-'));
const intentsDir = join(dir, 'intents');
let server: TestServer;
let browser: Browser;
/** When the first conversation started. */
let startedAt = 0;

const meta = (kind: BotKind) => ({ kind, lang: 'en' as const, intent: null, confidence: 0.1, alternatives: [], frustrated: false, frustration: 0, priority: 'low' as const, reasons: [] });

beforeAll(async () => {
  mkdirSync(intentsDir);
  for (const intent of shopPack.intents) writeFileSync(join(intentsDir, `${intent.id}.yaml`), stringify(intent));
  server = await startTestServer({ env: { PARLEY_INTENTS_DIR: intentsDir, PARLEY_TIMEZONE: 'Europe/London' } });
  const mia = await createAgent(server, MIA); // the first account: an admin
  await createAgent(server, LEO);
  const { store } = server;
  // Today: one conversation the bot could not answer twice, handed off, answered by Mia, resolved and rated.
  const v = await store.createVisitor();
  const { conversation: c } = await store.createConversation({ visitorId: v.id, locale: 'en', pageUrl: null, actor: { kind: 'visitor', id: v.id } });
  startedAt = c.createdAt;
  for (const text of ['can I pay with bitcoin', 'bitcoin accepted?']) {
    await store.appendMessage({ conversationId: c.id, author: 'visitor', senderId: v.id, authorName: null, text, clientId: null });
    await store.appendMessage({ conversationId: c.id, author: 'bot', senderId: null, authorName: null, text: 'Sorry, I did not get that.', clientId: null, bot: meta('fallback') });
  }
  await store.transition(c.id, { from: ['bot'], to: 'queued', actor: { kind: 'bot', id: null }, reason: 'asked for a person', patch: { priority: 'normal', queuedAt: Date.now() } });
  await store.transition(c.id, { from: ['queued'], to: 'assigned', actor: { kind: 'agent', id: mia.id }, reason: 'claimed', patch: { assignedAgentId: mia.id } });
  await store.appendMessage({ conversationId: c.id, author: 'agent', senderId: mia.id, authorName: mia.name, text: 'Not yet, sorry.', clientId: null });
  await store.transition(c.id, { from: ['assigned'], to: 'resolved', actor: { kind: 'agent', id: mia.id }, reason: 'resolved', patch: { resolvedAt: Date.now() } });
  await store.saveRating(c.id, 4, null);
  // And one the bot answered alone.
  const w = await store.createVisitor();
  const { conversation: d } = await store.createConversation({ visitorId: w.id, locale: 'en', pageUrl: null, actor: { kind: 'visitor', id: w.id } });
  await store.appendMessage({ conversationId: d.id, author: 'visitor', senderId: w.id, authorName: null, text: 'where is my parcel', clientId: null });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('the reports page', () => {
  it('loads its code only when opened, and shows the figures, the day chart and the busiest hours', async () => {
    const page = await signInToConsole(browser, server.url, MIA);
    const scripts: string[] = [];
    page.on('request', (r) => void (r.resourceType() === 'script' && scripts.push(new URL(r.url()).pathname)));
    const before = await page.evaluate(() => performance.getEntriesByType('resource').map((e) => new URL(e.name).pathname).filter((p) => p.endsWith('.js')));
    expect(before.some((p) => p.startsWith('/static/console/chunk-'))).toBe(true); // the chunk shared with the desk

    await page.getByRole('link', { name: 'Reports' }).click();
    await page.getByRole('heading', { name: 'Reports', level: 1 }).waitFor({ timeout: WAIT });
    // The page and uPlot came as a chunk the desk had not loaded.
    expect(scripts.filter((p) => p.startsWith('/static/console/chunk-') && !before.includes(p))).toHaveLength(1);

    const figure = (label: string) => page.locator('.figure', { has: page.getByText(label, { exact: true }) }).locator('strong');
    await figure('Conversations').getByText('2').waitFor({ timeout: WAIT });
    expect(await figure('Handled by the bot alone').textContent()).toBe('50%');
    expect(await figure('Handoffs').textContent()).toBe('1');
    expect(await figure('Satisfaction').textContent()).toBe('4.0 / 5');

    // uPlot drew the two series on a canvas, with its legend.
    // Seven days in the browser's zone are seven or eight dates in the business zone.
    const chart = page.getByRole('img', { name: /Conversations and handoffs per day, [78] days/ });
    await chart.locator('canvas').waitFor({ timeout: WAIT });
    expect(await chart.locator('.u-legend').textContent()).toMatch(/Conversations.*Handoffs/);
    const size = await chart.locator('canvas').evaluate((c: HTMLCanvasElement) => [c.width, c.height]);
    expect(size[0]).toBeGreaterThan(200);

    // The busiest-hours grid counts both conversations, the first in its weekday and hour in Europe/London.
    const parts = Object.fromEntries(new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', weekday: 'short', hour: '2-digit', hourCycle: 'h23' }).formatToParts(startedAt).map((p) => [p.type, p.value]));
    const grid = page.getByRole('table', { name: /Conversations started, by weekday and hour \(Europe\/London\)/ });
    const row = grid.getByRole('row', { name: new RegExp(`^${parts.weekday}`) });
    expect(Number(await row.locator('td').nth(Number(parts.hour)).textContent())).toBeGreaterThanOrEqual(1);
    const cells = await grid.locator('tbody td').allTextContents();
    expect(cells).toHaveLength(7 * 24);
    expect(cells.reduce((sum, n) => sum + Number(n || 0), 0)).toBe(2);

    expect(await page.getByRole('table').filter({ hasText: 'Mia Chen' }).getByRole('row', { name: /Mia Chen/ }).textContent()).toMatch(/^Mia Chen1\d+ s14\.0 \(1\)$/);
    expect(await seriousA11yViolations(page)).toEqual([]);
    await page.context().close();
  });

  it('lets an admin add an unanswered question to the FAQ, and the bot answers it after the reload', async () => {
    const page = await signInToConsole(browser, server.url, MIA);
    await page.getByRole('link', { name: 'Reports' }).click();
    const item = page.getByRole('listitem').filter({ hasText: 'bitcoin accepted?' });
    await item.waitFor({ timeout: WAIT });
    expect(await item.textContent()).toMatch(/^2×bitcoin accepted\?also: can I pay with bitcoin/);
    await item.getByRole('button', { name: 'Add to the FAQ' }).click();

    const dialog = page.getByRole('dialog', { name: 'Add to the FAQ' });
    expect(await dialog.getByRole('textbox', { name: 'Intent id' }).inputValue()).toBe('bitcoin_accepted');
    const examples = dialog.getByRole('group', { name: 'Example questions' });
    expect(await examples.getByRole('textbox', { name: 'English' }).inputValue()).toBe('bitcoin accepted?\ncan I pay with bitcoin');

    // Two English examples are not enough for the pack's schema: the server says which field.
    await dialog.getByRole('group', { name: 'Title' }).getByRole('textbox', { name: /Chinese/ }).fill('比特币付款');
    await examples.getByRole('textbox', { name: /Chinese/ }).fill('可以用比特币付款吗\n收比特币吗\n能用加密货币支付吗');
    const answer = dialog.getByRole('group', { name: 'Answer' });
    await answer.getByRole('textbox', { name: 'English' }).fill('We do not take bitcoin yet: cards and PayPal only.');
    await answer.getByRole('textbox', { name: /Chinese/ }).fill('暂不支持比特币：仅支持银行卡和 PayPal。');
    await dialog.getByRole('button', { name: 'Save intent' }).click();
    await dialog.getByRole('alert').getByText(/^examples\.en: at least 3 examples required/).waitFor({ timeout: WAIT });
    expect(existsSync(join(intentsDir, 'bitcoin_accepted.yaml'))).toBe(false);

    await examples.getByRole('textbox', { name: 'English' }).fill('bitcoin accepted?\ncan I pay with bitcoin\ndo you take crypto');
    await dialog.getByRole('button', { name: 'Save intent' }).click();
    await page.getByRole('status').getByText('Intent “bitcoin_accepted” saved').waitFor({ timeout: WAIT });
    expect(await dialog.count()).toBe(0);
    expect(existsSync(join(intentsDir, 'bitcoin_accepted.yaml'))).toBe(true);

    const reply = await untilBotReplies(server.url, 'can I pay with bitcoin', 'We do not take bitcoin yet: cards and PayPal only.');
    expect(reply).toBe('We do not take bitcoin yet: cards and PayPal only.');
    await page.context().close();
  });

  it('shows an agent the figures but not the FAQ action', async () => {
    const page = await signInToConsole(browser, server.url, LEO);
    await page.getByRole('link', { name: 'Reports' }).click();
    await page.getByRole('listitem').filter({ hasText: 'bitcoin accepted?' }).waitFor({ timeout: WAIT });
    expect(await page.getByRole('button', { name: 'Add to the FAQ' }).count()).toBe(0);
    // Back to the desk.
    await page.getByRole('link', { name: '← Conversations' }).click();
    await page.getByRole('status').getByText('Online').waitFor({ timeout: WAIT });
    await page.context().close();
  });
});
