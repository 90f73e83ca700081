// `npm run bench:store`: what the store's hot writes cost on each engine, side by side in one run.
//
//   DATABASE_URL=postgres://postgres@127.0.0.1:5432/test npx tsx bench/store.ts [--messages 2000] [--writers 8]
//
// For SQLite (a temporary file) and PostgreSQL (a temporary database on DATABASE_URL's server), with two
// store instances on the same database standing for two nodes:
// - a visitor's message appended (the acknowledgement waits for it), one at a time: per-call latency;
// - the same with `--writers` concurrent writers spread over both instances into ONE conversation: the
//   case the per-conversation row lock (PostgreSQL) or BEGIN IMMEDIATE (SQLite) serializes;
// - a first message's conversation created, with half the calls racing the other instance for the same
//   visitor (the one-open-conversation index decides).
// Prints the median and 95th percentile per call and calls per second; the SQLite row is the baseline.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createPostgresStore } from '../server/store/postgres.ts';
import { createSqliteStore } from '../server/store/sqlite.ts';
import type { Store } from '../server/store/store.ts';
import { createTestDatabase } from '../test/support/postgres.ts';

const { values } = parseArgs({ options: { messages: { type: 'string', default: '2000' }, writers: { type: 'string', default: '8' } } });
const MESSAGES = Number(values.messages);
const WRITERS = Number(values.writers);

interface Figures {
  p50: number;
  p95: number;
  perSecond: number;
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;

/** Runs `calls` calls of `fn` by `concurrency` workers; per-call times and overall rate. */
async function measure(calls: number, concurrency: number, fn: (i: number) => Promise<unknown>): Promise<Figures> {
  const ms: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < calls) {
        const i = next++;
        const t = performance.now();
        await fn(i);
        ms.push(performance.now() - t);
      }
    }),
  );
  const total = performance.now() - started;
  ms.sort((a, b) => a - b);
  return { p50: percentile(ms, 50), p95: percentile(ms, 95), perSecond: (calls / total) * 1000 };
}

async function run(a: Store, b: Store): Promise<Record<string, Figures>> {
  const visitor = await a.createVisitor();
  const { conversation } = await a.createConversation({ visitorId: visitor.id, locale: 'en', pageUrl: null, actor: { kind: 'visitor', id: visitor.id } });
  const say = (s: Store, i: number, tag: string) =>
    s.appendMessage({ conversationId: conversation.id, author: 'visitor', senderId: visitor.id, authorName: null, text: `where is my parcel? ${tag}${i}`, clientId: `${tag}${i}` });

  const sequential = await measure(MESSAGES, 1, (i) => say(a, i, 's'));
  const concurrent = await measure(MESSAGES, WRITERS, (i) => say(i % 2 ? a : b, i, 'c'));
  const visitors = await Promise.all(Array.from({ length: MESSAGES / 4 }, () => a.createVisitor()));
  const open = (s: Store, visitorId: string) => s.createConversation({ visitorId, locale: 'en', pageUrl: null, actor: { kind: 'visitor', id: visitorId } });
  const creates = await measure(visitors.length, WRITERS, async (i) => {
    const v = visitors[i]!.id;
    return i % 2 ? Promise.all([open(a, v), open(b, v)]) : open(a, v);
  });
  const seqs = (await a.listMessages(conversation.id)).map((m) => m.seq);
  if (seqs.length !== 2 * MESSAGES || new Set(seqs).size !== seqs.length) throw new Error('messages lost or numbered twice');
  return { 'append, one at a time': sequential, [`append, ${WRITERS} writers on 2 nodes`]: concurrent, 'create conversation (half racing)': creates };
}

const dir = mkdtempSync(join(tmpdir(), 'parley-bench-store-'));
const results: Array<[string, Record<string, Figures>]> = [];
try {
  const file = join(dir, 'parley.db');
  const [a, b] = [createSqliteStore({ file }), createSqliteStore({ file })];
  results.push(['sqlite', await run(a, b)]);
  await a.close();
  await b.close();
} finally {
  rmSync(dir, { recursive: true, force: true });
}
if (process.env.DATABASE_URL) {
  const db = await createTestDatabase('bench');
  try {
    const [a, b] = [await createPostgresStore({ url: db.url }), await createPostgresStore({ url: db.url })];
    results.push(['postgres', await run(a, b)]);
    await a.close();
    await b.close();
  } finally {
    await db.drop();
  }
} else {
  console.log('DATABASE_URL is not set: PostgreSQL skipped');
}

const f = (n: number) => n.toFixed(2).padStart(8);
console.log(`${MESSAGES} messages per row; ms per call (p50 / p95) and calls per second`);
for (const name of Object.keys(results[0]![1])) {
  console.log(`\n${name}`);
  const base = results[0]![1][name]!;
  for (const [engine, figures] of results) {
    const x = figures[name]!;
    console.log(`  ${engine.padEnd(9)} p50 ${f(x.p50)}  p95 ${f(x.p95)}  ${x.perSecond.toFixed(0).padStart(6)}/s  (${(x.p50 / base.p50).toFixed(2)}× SQLite's p50)`);
  }
}
