import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import type { BotKind, Report } from '../../../protocol/index.ts';
import { addAgent } from '../../../server/auth/agents.ts';
import { loadConfig } from '../../../server/config.ts';
import { createAgentSessions } from '../../../server/auth/sessions.ts';
import { parseCsv } from '../../../server/eval/csv.ts';
import { errorHandler } from '../../../server/http/errors.ts';
import { reportsApi } from '../../../server/http/reports-api.ts';
import { createLogger } from '../../../server/log.ts';
import { createGate } from '../../../server/reports/gate.ts';
import { startParley, type Parley } from '../../../server/main.ts';
import { CSV_HEADER } from '../../../server/reports/conversations-csv.ts';
import { createSqliteStore } from '../../../server/store/sqlite.ts';
import type { Store } from '../../../server/store/store.ts';
import { shopPack } from '../../support/shop-pack.ts';
import { login, untilBotReplies } from '../peers.ts';

// A support lead's Monday, scripted with a pinned clock in the store the server then serves, in the
// business time zone Asia/Shanghai (UTC+8): every figure of GET /api/reports is checked exactly.

const dir = mkdtempSync(join(tmpdir(), 'parley-reports-'));
const dataDir = join(dir, 'data');
const intentsDir = join(dir, 'intents');
const MIN = 60_000;
/** Monday 30 November 2026, 09:00 in Shanghai. */
const NINE = Date.parse('2026-11-30T09:00:00+08:00');
const RANGE = '?from=2026-11-30T00:00:00%2B08:00&to=2026-12-01T00:00:00%2B08:00';

let parley: Parley;
let cookie: string;
const ids: Record<string, string> = {};

const meta = (kind: BotKind) => ({ kind, lang: 'en' as const, intent: null, confidence: 0.1, alternatives: [], frustrated: false, frustration: 0, priority: 'low' as const, reasons: [] });

async function scriptTheDay(file: string): Promise<void> {
  let t = NINE;
  const at = (ms: number) => (t = ms);
  const store: Store = createSqliteStore({ file, now: () => t });
  // The first account is the admin.
  const ada = await addAgent(store, { email: 'ada@example.com', password: 'correct horse battery', name: 'Ada' });
  const bob = await addAgent(store, { email: 'bob@example.com', password: 'correct horse battery', name: 'Bob' });
  // A name a spreadsheet would run as a formula.
  const eve = await addAgent(store, { email: 'eve@example.com', password: 'correct horse battery', name: '=HYPERLINK("http://evil.example","Eve")' });
  const start = async (name: string, ms: number) => {
    at(ms);
    const v = await store.createVisitor();
    const { conversation } = await store.createConversation({ visitorId: v.id, locale: 'en', pageUrl: null, actor: { kind: 'visitor', id: v.id } });
    ids[name] = conversation.id;
    const say = (text: string) => store.appendMessage({ conversationId: conversation.id, author: 'visitor', senderId: v.id, authorName: null, text, clientId: null });
    const bot = (text: string, kind: BotKind) => store.appendMessage({ conversationId: conversation.id, author: 'bot', senderId: null, authorName: null, text, clientId: null, bot: meta(kind) });
    const agentSays = (who: { id: string; name: string }, text: string) => store.appendMessage({ conversationId: conversation.id, author: 'agent', senderId: who.id, authorName: who.name, text, clientId: null });
    const move = (from: 'bot' | 'queued' | 'assigned', to: 'queued' | 'assigned' | 'resolved', actor: { kind: 'bot' | 'agent' | 'system'; id: string | null }, reason: string, patch = {}) =>
      store.transition(conversation.id, { from: [from], to, actor, reason, patch });
    return { id: conversation.id, say, bot, agentSays, move };
  };
  const botActor = { kind: 'bot' as const, id: null };

  // 09:00 two unanswered questions, a handoff (high) at 09:02, Ada answers at 09:04 and resolves at 09:10; rated 5.
  const c1 = await start('c1', NINE);
  await c1.say('do you do gift wrapping?');
  await c1.bot('Sorry, I did not get that.', 'fallback');
  at(NINE + 1 * MIN);
  await c1.say('gift wrapping available?');
  await c1.bot('Sorry, I did not get that.', 'fallback');
  at(NINE + 2 * MIN);
  await c1.move('bot', 'queued', botActor, "asked for a person; frustration 0.62: all caps, 'useless'", { priority: 'high', queuedAt: t });
  at(NINE + 3 * MIN);
  await c1.move('queued', 'assigned', { kind: 'agent', id: ada.id }, 'claimed', { assignedAgentId: ada.id });
  at(NINE + 4 * MIN);
  await c1.agentSays(ada, 'Hi, Ada here: yes, "gift wrap", for 3, costs $5.\nAnything else?');
  at(NINE + 10 * MIN);
  await c1.move('assigned', 'resolved', { kind: 'agent', id: ada.id }, 'resolved', { resolvedAt: t });
  await store.saveRating(c1.id, 5, null);

  // 09:30 answered by the bot, left open: contained.
  const c2 = await start('c2', NINE + 30 * MIN);
  await c2.say('=HYPERLINK("http://evil.example","order status")');
  await c2.bot('Your order ships today.', 'answer');

  // 10:15 an urgent handoff straight to Bob at 10:16; he answers at 10:21 and resolves at 10:46; rated 2.
  const c3 = await start('c3', NINE + 75 * MIN);
  await c3.say('my lawyer will hear about this');
  at(NINE + 76 * MIN);
  await c3.move('bot', 'assigned', botActor, "legal threat: 'lawyer'", { priority: 'urgent', queuedAt: t, assignedAgentId: bob.id });
  at(NINE + 81 * MIN);
  await c3.agentSays(bob, 'I am sorry. Let me sort it out.');
  at(NINE + 106 * MIN);
  await c3.move('assigned', 'resolved', { kind: 'agent', id: bob.id }, 'resolved', { resolvedAt: t });
  await store.saveRating(c3.id, 2, 'slow');

  // 10:40 a clarify and a fallback, then a normal handoff at 10:42 that nobody has answered yet.
  const c4 = await start('c4', NINE + 100 * MIN);
  await c4.say('can I pay with bitcoin');
  await c4.bot('Do you mean payment methods or payment problems?', 'clarify');
  await c4.say('bitcoin accepted?');
  await c4.bot('Sorry, I did not get that.', 'fallback');
  at(NINE + 102 * MIN);
  await c4.move('bot', 'queued', botActor, 'no confident intent (best payment_methods 0.21)', { priority: 'normal', queuedAt: t });
  at(NINE + 110 * MIN);
  await c4.move('queued', 'assigned', { kind: 'agent', id: eve.id }, 'claimed', { assignedAgentId: eve.id });

  // 14:00 one more gift-wrap question, closed by the system without a person: contained, resolved, unrated.
  const c5 = await start('c5', NINE + 5 * 60 * MIN);
  await c5.say('do you do gift wrapping?');
  await c5.bot('Sorry, I did not get that.', 'fallback');
  at(NINE + 5 * 60 * MIN + 30 * MIN);
  await c5.move('bot', 'resolved', { kind: 'system', id: null }, 'idle', { resolvedAt: t });

  // Tuesday 01:00 in Shanghai (still Monday in UTC): outside the range.
  const c6 = await start('c6', NINE + 16 * 60 * MIN);
  await c6.say('do you do gift wrapping?');
  await c6.bot('Sorry, I did not get that.', 'fallback');
  await c6.move('bot', 'queued', botActor, 'asked for a person', { priority: 'low', queuedAt: t });
  await store.close();
}

beforeAll(async () => {
  mkdirSync(intentsDir, { recursive: true });
  mkdirSync(dataDir, { recursive: true });
  for (const intent of shopPack.intents) writeFileSync(join(intentsDir, `${intent.id}.yaml`), stringify(intent));
  await scriptTheDay(join(dataDir, 'parley.db'));
  const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', PARLEY_DATA_DIR: dataDir, PARLEY_INTENTS_DIR: intentsDir, PARLEY_TIMEZONE: 'Asia/Shanghai', LOG_LEVEL: 'silent', PARLEY_RATE_LIMIT_EXEMPT: 'loopback', PARLEY_MAX_LAG_MS: '0' });
  parley = await startParley(config);
  cookie = await login(parley.url, 'ada@example.com', 'correct horse battery');
});

afterAll(async () => {
  await parley?.close();
  rmSync(dir, { recursive: true, force: true });
});

const get = (path: string, withCookie = true) => fetch(`${parley.url}${path}`, { headers: withCookie ? { cookie } : {} });

describe('GET /api/reports', () => {
  it("gives every figure of the scripted day exactly, from the event log", async () => {
    const res = await get(`/api/reports${RANGE}`);
    expect(res.status).toBe(200);
    const { report } = (await res.json()) as { report: Report };
    const hours = Array.from({ length: 7 }, () => new Array<number>(24).fill(0));
    hours[0]![9] = 2;
    hours[0]![10] = 2;
    hours[0]![14] = 1;
    expect(report).toEqual({
      range: { from: '2026-11-29T16:00:00.000Z', to: '2026-11-30T16:00:00.000Z' },
      timeZone: 'Asia/Shanghai',
      conversations: 5,
      botOnly: 2,
      containment: 0.4,
      handoffs: {
        count: 3,
        byPriority: { urgent: 1, high: 1, normal: 1, low: 0 },
        byReason: [
          { reason: 'asked for a person', count: 1 },
          { reason: 'frustration', count: 1 },
          { reason: 'legal threat', count: 1 },
          { reason: 'no confident intent', count: 1 },
        ],
      },
      firstResponseMs: { count: 2, median: 2 * MIN, p90: 5 * MIN },
      resolutionMs: { count: 2, median: 8 * MIN, p90: 30 * MIN },
      ratings: { count: 2, average: 3.5, distribution: [0, 1, 0, 0, 1], ratedShareOfResolved: 2 / 3 },
      busiestHours: hours,
      perDay: [{ date: '2026-11-30', conversations: 5, handoffs: 3 }],
      perAgent: [
        { agentId: expect.any(String), name: 'Ada', firstResponses: 1, firstResponseMs: { count: 1, median: 2 * MIN, p90: 2 * MIN }, resolved: 1, ratings: { count: 1, average: 5 } },
        { agentId: expect.any(String), name: 'Bob', firstResponses: 1, firstResponseMs: { count: 1, median: 5 * MIN, p90: 5 * MIN }, resolved: 1, ratings: { count: 1, average: 2 } },
      ],
      unanswered: [
        { text: 'do you do gift wrapping?', count: 3, examples: ['do you do gift wrapping?', 'gift wrapping available?'] },
        { text: 'bitcoin accepted?', count: 2, examples: ['bitcoin accepted?', 'can I pay with bitcoin'] },
      ],
      unansweredRead: 5,
    });
  });

  it('counts days and hours in the business time zone: the next Shanghai day holds the late conversation', async () => {
    const { report } = (await (await get('/api/reports?from=2026-11-30T00:00:00%2B08:00&to=2026-12-02T00:00:00%2B08:00')).json()) as { report: Report };
    expect(report.perDay).toEqual([
      { date: '2026-11-30', conversations: 5, handoffs: 3 },
      { date: '2026-12-01', conversations: 1, handoffs: 1 },
    ]);
    expect(report.busiestHours[1]![1]).toBe(1);
    expect(report.handoffs.byPriority.low).toBe(1);
  });

  it('refuses without a session', async () => {
    for (const path of [`/api/reports${RANGE}`, `/api/reports/conversations.csv${RANGE}`]) {
      const res = await get(path, false);
      expect(res.status).toBe(401);
      expect(await res.json()).toEqual({ ok: false, error: 'unauthorized' });
    }
    const post = await fetch(`${parley.url}/api/reports/faq`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(post.status).toBe(401);
  });

  it('refuses a reversed, too long or undated range with the reason', async () => {
    const cases: Array<[string, string]> = [
      ['?from=2026-12-01&to=2026-11-01', 'from must be before to'],
      ['?from=2026-11-01&to=2026-11-01', 'from must be before to'],
      ['?from=2025-01-01&to=2026-01-03', 'the range is longer than 366 days'],
      ['?from=yesterday&to=2026-11-01', 'from is not an ISO 8601 date or time'],
      ['?from=2026-11-01&to=2026-13-45', 'to is not a valid date'],
      ['?to=2026-11-01', 'from is required (an ISO 8601 date or time)'],
      ['?from=2026-11-01&to[]=x', 'to is required (an ISO 8601 date or time)'],
    ];
    for (const [query, reason] of cases) {
      for (const path of ['/api/reports', '/api/reports/conversations.csv']) {
        const res = await get(path + query);
        expect(res.status, path + query).toBe(400);
        expect(await res.json()).toEqual({ ok: false, error: 'invalid_payload', reason });
      }
    }
    // A leap year's 366 days are allowed.
    expect((await get('/api/reports?from=2024-01-01&to=2025-01-01')).status).toBe(200);
  });
});

describe('how many reports are built at once', () => {
  it('answers busy while every slot is taken, and serves again once one is free', async () => {
    // The same router the server mounts, with a gate this test holds: a real store, sessions and error handler.
    const gate = createGate(1);
    const app = express();
    const log = createLogger('silent');
    app.use('/api/reports', reportsApi({ store: parley.store, sessions: createAgentSessions(parley.store), log, timeZone: () => 'Asia/Shanghai', intentsDir, gate }));
    app.use(errorHandler(log));
    const http = app.listen(0, '127.0.0.1');
    await new Promise((r) => http.once('listening', r));
    const url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
    try {
      const held = gate.enter()!;
      for (const path of [`/api/reports${RANGE}`, `/api/reports/conversations.csv${RANGE}`]) {
        const res = await fetch(url + path, { headers: { cookie } });
        expect(res.status).toBe(503);
        expect(await res.json()).toEqual({ ok: false, error: 'busy' });
      }
      held();
      expect((await fetch(`${url}/api/reports${RANGE}`, { headers: { cookie } })).status).toBe(200);
      expect((await fetch(`${url}/api/reports/conversations.csv${RANGE}`, { headers: { cookie } })).status).toBe(200);
      expect(gate.busy).toBe(0);
    } finally {
      http.close();
    }
  });
});

describe('GET /api/reports/conversations.csv', () => {
  it('gives one RFC 4180 row per conversation with its transcript; quotes, commas and line breaks survive a parser, formulas are neutralised', async () => {
    const res = await get(`/api/reports/conversations.csv${RANGE}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="conversations-2026-11-29-2026-11-30.csv"');
    const text = await res.text();
    expect(text.endsWith('\r\n')).toBe(true);
    const rows = parseCsv(text);
    expect(rows[0]).toEqual(CSV_HEADER);
    const byId = new Map(rows.slice(1).map((r) => [r[0], Object.fromEntries(CSV_HEADER.map((h, i) => [h, r[i]]))]));
    expect([...byId.keys()]).toEqual(['c1', 'c2', 'c3', 'c4', 'c5'].map((k) => ids[k]));
    expect(byId.get(ids.c1!)).toMatchObject({
      created_at: '2026-11-30T01:00:00.000Z',
      status: 'resolved',
      priority: 'high',
      reasons: "asked for a person; frustration 0.62: all caps, 'useless'",
      handed_off_at: '2026-11-30T01:02:00.000Z',
      first_response_at: '2026-11-30T01:04:00.000Z',
      resolved_at: '2026-11-30T01:10:00.000Z',
      agent: 'Ada',
      rating: '5',
    });
    expect(byId.get(ids.c1!)!.transcript!.split('\n')).toEqual([
      '[2026-11-30T01:00:00.000Z] visitor: do you do gift wrapping?',
      '[2026-11-30T01:00:00.000Z] bot: Sorry, I did not get that.',
      '[2026-11-30T01:01:00.000Z] visitor: gift wrapping available?',
      '[2026-11-30T01:01:00.000Z] bot: Sorry, I did not get that.',
      '[2026-11-30T01:04:00.000Z] agent Ada: Hi, Ada here: yes, "gift wrap", for 3, costs $5.',
      'Anything else?',
    ]);
    expect(byId.get(ids.c2!)).toMatchObject({ status: 'bot', priority: '', agent: '', rating: '' });
    expect(byId.get(ids.c2!)!.transcript).toContain('visitor: =HYPERLINK("http://evil.example","order status")');
    expect(byId.get(ids.c3!)).toMatchObject({ priority: 'urgent', agent: 'Bob', rating: '2' });
    expect(byId.get(ids.c4!)).toMatchObject({ status: 'assigned', priority: 'normal', agent: `'=HYPERLINK("http://evil.example","Eve")`, first_response_at: '' });
  });
});

describe('POST /api/reports/faq', () => {
  const intent = {
    id: 'crypto_payments',
    title: { en: 'Paying with bitcoin', zh: '比特币付款' },
    examples: { en: ['bitcoin accepted?', 'can I pay with bitcoin', 'do you take crypto'], zh: ['可以用比特币付款吗', '收比特币吗', '能用加密货币支付吗'] },
    answer: { en: 'We do not take bitcoin or other crypto yet: cards, PayPal and gift cards only.', zh: '目前不支持比特币或其他加密货币：仅支持银行卡、PayPal 和礼品卡。' },
  };
  const post = (body: unknown) => fetch(`${parley.url}/api/reports/faq`, { method: 'POST', headers: { cookie, 'content-type': 'application/json' }, body: JSON.stringify(body) });

  it('is for admins: an agent is refused and nothing is written', async () => {
    const bob = await login(parley.url, 'bob@example.com', 'correct horse battery');
    const res = await fetch(`${parley.url}/api/reports/faq`, { method: 'POST', headers: { cookie: bob, 'content-type': 'application/json' }, body: JSON.stringify(intent) });
    expect(res.status).toBe(403);
    expect(await res.json()).toEqual({ ok: false, error: 'forbidden' });
    expect(existsSync(join(intentsDir, 'crypto_payments.yaml'))).toBe(false);
    // Reports themselves are for every agent.
    expect((await fetch(`${parley.url}/api/reports${RANGE}`, { headers: { cookie: bob } })).status).toBe(200);
  });

  it('turns unanswered questions into an intent (as an admin) the bot answers after the reload, never overwriting one', async () => {
    const bad = await post({ ...intent, answer: { en: 'Yes', zh: '' } });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ ok: false, error: 'invalid_payload', reason: expect.stringMatching(/^answer\.zh: /) });
    const taken = await post({ ...intent, id: shopPack.intents[0]!.id });
    expect(taken.status).toBe(409);

    const res = await post(intent);
    expect(res.status).toBe(201);
    expect(await res.json()).toEqual({ ok: true, intent: { id: 'crypto_payments' } });
    expect(readFileSync(join(intentsDir, 'crypto_payments.yaml'), 'utf8')).toContain('cards, PayPal and gift cards only');
    expect((await post(intent)).status).toBe(409);

    // The watcher reloads the pack and retrains: the bot answers the question it could not before.
    expect(await untilBotReplies(parley.url, 'can I pay with bitcoin', intent.answer.en)).toBe(intent.answer.en);
  });
});
