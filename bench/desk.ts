// `npm run bench:desk`: what the agent desk's lists and search cost on a large store.
//
//   npx tsx bench/desk.ts [--conversations 5000] [--messages 8] [--waiting 200]
//
// Seeds a temporary SQLite file with conversations of our own made-up shop chat, then times, side by side
// in the same run:
// - search: the FTS5 trigram index (what the console uses) against a LIKE scan of the same table (the
//   baseline any search without an index is), over the same queries;
// - the waiting list: every waiting conversation with its summary (visitor, flags, roster) — what
//   `queue:list` sends — against listing the same number of bot conversations by page (the paged lists).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import pino from 'pino';
import { createDeskContext } from '../server/desk/context.ts';
import { createBusinessHours } from '../server/desk/business-hours.ts';
import { createKeyedLock } from '../server/desk/keyed-lock.ts';
import type { Notifier } from '../server/desk/notifier.ts';
import { createSqliteStore } from '../server/store/sqlite.ts';
import type { Bot } from '../server/bot/types.ts';

const { values } = parseArgs({
  options: { conversations: { type: 'string', default: '5000' }, messages: { type: 'string', default: '8' }, waiting: { type: 'string', default: '200' } },
});
const CONVERSATIONS = Number(values.conversations);
const MESSAGES = Number(values.messages);
const WAITING = Number(values.waiting);
const RUNS = 15;

// Written for this benchmark: parts of a shop's chat, combined so messages differ.
const OPENERS = ['hi, ', 'hello — ', '', 'quick question: ', 'sorry to bother you, ', '你好，', '请问'];
const TOPICS = [
  'my parcel has not arrived and tracking shows nothing',
  'the kettle I ordered leaks from the bottom',
  'can I change the delivery address on order',
  'I was charged twice for the same jacket',
  'do you ship to Norway and how long does it take',
  'the discount code SPRING does not work at checkout',
  '我的快递三天没有更新了',
  '收到的杯子有裂缝，想退货',
  '可以开发票吗',
  'the zip on the backpack broke after a week',
];
const TAILS = [' thanks', '!', ' please help', '?', '', ' 谢谢', ' asap'];
// Three characters or more: the trigram index applies (shorter ones, such as 退货, are answered by LIKE).
const QUERIES = ['refund', 'tracking', 'kettle leaks', 'discount code', '没有更新', '想退货', 'Norway', 'charged twice', 'backpack', 'order 4711'];

const dir = mkdtempSync(join(tmpdir(), 'parley-bench-desk-'));
const file = join(dir, 'parley.db');
const store = createSqliteStore({ file });

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}
async function time(fn: () => Promise<unknown> | unknown): Promise<{ p50: number; p95: number }> {
  await fn(); // warm-up
  const ms: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    await fn();
    ms.push(performance.now() - t);
  }
  ms.sort((a, b) => a - b);
  return { p50: percentile(ms, 50), p95: percentile(ms, 95) };
}
const fmt = (x: { p50: number; p95: number }) => `p50 ${x.p50.toFixed(2).padStart(8)} ms  p95 ${x.p95.toFixed(2).padStart(8)} ms`;

async function seed(): Promise<void> {
  const started = performance.now();
  const agent = await store.createAgent({ email: 'bench@shop.test', name: 'Bench', passwordHash: 'x' });
  let n = 0;
  for (let c = 0; c < CONVERSATIONS; c++) {
    const v = await store.createVisitor();
    const { conversation: conv } = await store.createConversation({ visitorId: v.id, locale: c % 3 ? 'en' : 'zh', pageUrl: null, actor: { kind: 'visitor', id: v.id } });
    for (let m = 0; m < MESSAGES; m++) {
      const text = `${OPENERS[(c + m) % OPENERS.length]}${TOPICS[(c * 7 + m) % TOPICS.length]} (order ${1000 + ((c * 31 + m) % 9000)})${TAILS[(c + 3 * m) % TAILS.length]}`;
      await store.appendMessage({ conversationId: conv.id, author: m % 2 ? 'bot' : 'visitor', senderId: m % 2 ? null : v.id, authorName: null, text, clientId: null });
      n++;
    }
    if (c < WAITING) {
      await store.transition(conv.id, { from: ['bot'], to: 'queued', actor: { kind: 'bot', id: null }, reason: 'bench', patch: { priority: c % 4 === 0 ? 'urgent' : 'normal', queuedAt: c } });
      if (c % 10 === 0) await store.setVisitorFlag({ visitorId: v.id, label: 'vip', agentId: agent.id, at: c });
    }
  }
  console.log(`seeded ${CONVERSATIONS} conversations, ${n} messages (${WAITING} waiting) in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

await seed();
const raw = new Database(file, { readonly: true });
const like = raw.prepare(
  `SELECT conversation_id, MAX(created_at) AS at FROM messages WHERE text LIKE ? ESCAPE '\\' AND author <> 'system'
   GROUP BY conversation_id ORDER BY at DESC LIMIT 51`,
);

console.log(`\nsearch, ${QUERIES.length} queries each, ${RUNS} runs (51 hits at most, newest first)`);
let ftsTotal = 0;
let likeTotal = 0;
for (const q of QUERIES) {
  const fts = await time(() => store.searchMessages({ query: q, cursor: null, limit: 51 }));
  const scan = await time(() => like.all(`%${q}%`));
  const hits = (await store.searchMessages({ query: q, cursor: null, limit: 51 })).length;
  ftsTotal += fts.p50;
  likeTotal += scan.p50;
  console.log(`  ${q.padEnd(14)} ${String(hits).padStart(3)} hits   FTS5 trigram ${fmt(fts)}   LIKE scan ${fmt(scan)}   ×${(scan.p50 / fts.p50).toFixed(1)}`);
}
console.log(`  sum of medians: FTS5 ${ftsTotal.toFixed(1)} ms, LIKE ${likeTotal.toFixed(1)} ms (×${(likeTotal / ftsTotal).toFixed(1)})`);

const silent: Notifier = { toVisitor() {}, toAgents() {}, toAgent() {}, toConversation() {}, visitorConnected: async () => false };
const ctx = createDeskContext(
  {
    store,
    bot: () => ({}) as Bot,
    notify: silent,
    log: pino({ level: 'silent' }),
    settings: { maxChats: 5, queueTimeoutMs: 300_000, hours: createBusinessHours(null, 'UTC'), presenceTtlMs: 20_000 },
    limits: { allow: async () => true },
  },
  createKeyedLock(),
);
console.log(`\nlists, ${RUNS} runs`);
const waiting = await time(async () => ctx.summaries(await store.listWaiting()));
const page = await time(async () => ctx.summaries(await store.pageConversations({ view: 'bot', activeSince: 0, cursor: null, limit: WAITING })));
console.log(`  every waiting conversation (${WAITING}) with summaries   ${fmt(waiting)}`);
console.log(`  a page of ${WAITING} bot conversations with summaries   ${fmt(page)}`);

raw.close();
await store.close();
rmSync(dir, { recursive: true, force: true });
