// `npm run bench:retention`: what deleting a large backlog of old conversations costs the node.
//
//   npx tsx bench/retention.ts [--conversations 20000] [--messages 8]
//
// Seeds a temporary SQLite file with old resolved conversations (indexed for search, as a live store's
// are), copies it, and on the two identical files runs, side by side in the same run:
// - batched: `runRetention` as the daily job does it (RETENTION_BATCH conversations a transaction,
//   yielding to the event loop between batches);
// - one transaction: the same deletion in a single `purgeConversations` call (the baseline a simple
//   `DELETE … WHERE updated_at < ?` is).
// Printed: total time, the longest the event loop was held (what every chat on the node waits behind),
// and its ratio to the baseline's.
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import { DAY_MS, RETENTION_BATCH, runRetention } from '../server/privacy/retention.ts';
import { createSqliteStore } from '../server/store/sqlite.ts';
import type { Store } from '../server/store/store.ts';

const { values } = parseArgs({ options: { conversations: { type: 'string', default: '20000' }, messages: { type: 'string', default: '8' } } });
const CONVERSATIONS = Number(values.conversations);
const MESSAGES = Number(values.messages);
const T0 = Date.parse('2026-01-01T00:00:00Z');
const NOW = T0 + 400 * DAY_MS;

const dir = mkdtempSync(join(tmpdir(), 'parley-bench-retention-'));
const seedFile = join(dir, 'seed.db');

function seed(): void {
  // The schema through the store (its migrations), then rows in bulk: far faster than one append each.
  const store = createSqliteStore({ file: seedFile });
  void store.close();
  const db = new Database(seedFile);
  const insert = {
    visitor: db.prepare('INSERT INTO visitors (id, email, created_at, seen_at) VALUES (?, ?, ?, ?)'),
    conv: db.prepare("INSERT INTO conversations (id, visitor_id, status, locale, bot_state, created_at, updated_at, resolved_at) VALUES (?, ?, 'resolved', 'en', '{}', ?, ?, ?)"),
    msg: db.prepare("INSERT INTO messages (id, conversation_id, seq, author, text, created_at) VALUES (?, ?, ?, 'visitor', ?, ?)"),
    event: db.prepare("INSERT INTO events (conversation_id, from_status, to_status, actor_kind, reason, at) VALUES (?, 'bot', 'resolved', 'system', 'done', ?)"),
  };
  db.transaction(() => {
    for (let c = 0; c < CONVERSATIONS; c++) {
      const at = T0 + c;
      insert.visitor.run(`v${c}`, `v${c}@example.com`, at, at);
      insert.conv.run(`c${c}`, `v${c}`, at, at, at);
      insert.event.run(`c${c}`, at);
      for (let m = 1; m <= MESSAGES; m++) insert.msg.run(`m${c}-${m}`, `c${c}`, m, `question ${m} about order ${c}: where is my parcel`, at);
    }
  })();
  db.close();
  // Index everything for search, as a running store would have.
  const indexing = createSqliteStore({ file: seedFile });
  void indexing.searchMessages({ query: 'parcel', cursor: null, limit: 1 }).then(() => indexing.close());
}

/**
 * Runs `work` on a fresh copy of the seeded file, its store opened (and checked) before the clock starts.
 * better-sqlite3 is synchronous: each store call holds the event loop from start to end, so the longest
 * call is the longest time every chat on the node waits behind the deletion.
 */
async function measure(label: string, work: (store: Store) => Promise<number>): Promise<{ label: string; ms: number; maxBlockMs: number; medianMs: number; calls: number; deleted: number }> {
  const file = join(dir, `${label.replace(/\W+/g, '-')}.db`);
  copyFileSync(seedFile, file);
  const store = createSqliteStore({ file });
  const calls: number[] = [];
  const timed = new Proxy(store, {
    get(target, key, receiver) {
      const value = Reflect.get(target, key, receiver);
      if (key !== 'purgeConversations' && key !== 'purgeVisitors') return value;
      return async (...args: unknown[]) => {
        const t = performance.now();
        const result = await (value as (...a: unknown[]) => Promise<unknown>).apply(target, args);
        calls.push(performance.now() - t);
        return result;
      };
    },
  });
  const started = performance.now();
  const deleted = await work(timed);
  const ms = performance.now() - started;
  await store.close();
  const sorted = [...calls].sort((a, b) => a - b);
  return { label, ms, maxBlockMs: sorted.at(-1)!, medianMs: sorted[Math.floor(sorted.length / 2)]!, calls: calls.length, deleted };
}

seed();
await new Promise((r) => setTimeout(r, 200));
const results = [
  await measure('batched', async (store) => (await runRetention(store, 30, NOW)).conversations),
  await measure('one transaction', async (store) => {
    return (await store.purgeConversations({ before: NOW - 30 * DAY_MS, limit: CONVERSATIONS })).conversations;
  }),
];

const baseline = results[1]!;
console.log(`retention of ${CONVERSATIONS} conversations × ${MESSAGES} messages (SQLite, search-indexed), batches of ${RETENTION_BATCH}`);
for (const r of results) {
  console.log(
    `${r.label.padEnd(16)} deleted ${String(r.deleted).padStart(6)} in ${String(r.calls).padStart(4)} transactions  total ${r.ms.toFixed(0).padStart(6)} ms  transactions (event loop held): median ${r.medianMs.toFixed(1).padStart(7)} ms, longest ${r.maxBlockMs.toFixed(1).padStart(7)} ms (${(r.maxBlockMs / baseline.maxBlockMs).toFixed(3)}× the baseline's)`,
  );
}
rmSync(dir, { recursive: true, force: true });
