// `npm run bench:reports`: what a report over a long range costs, time and memory, in one run.
//
//   npx tsx --expose-gc bench/reports.ts [--conversations 50000] [--days 365] [--rounds 5] [--postgres]
//
// A temporary SQLite file (and with --postgres a temporary database on DATABASE_URL's server) filled with
// `--conversations` conversations spread over `--days` days: every one with a visitor message and a bot
// reply (one in ten a fallback, with recurring unanswered questions), a third handed off, answered and
// resolved by one of five agents, half of those rated. Then, side by side:
// - baseline: the report reading the whole range in ONE store call (every conversation and event in memory);
// - paged: the report as the route builds it (REPORT_PAGE conversations per call, each page dropped once counted);
// - the CSV (every transcript), streamed page by page into a byte counter.
// They run in turns, five rounds; medians of wall and CPU time and the largest heap growth are printed,
// with the paged/baseline ratios (CPU time is what the other processes on a busy machine disturb least).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import { conversationsCsv } from '../server/reports/conversations-csv.ts';
import { buildReport, REPORT_PAGE } from '../server/reports/report.ts';
import { createPostgresStore } from '../server/store/postgres.ts';
import { createSqliteStore } from '../server/store/sqlite.ts';
import type { Store } from '../server/store/store.ts';
import { createTestDatabase } from '../test/support/postgres.ts';

const { values } = parseArgs({ options: { conversations: { type: 'string', default: '50000' }, days: { type: 'string', default: '365' }, rounds: { type: 'string', default: '5' }, postgres: { type: 'boolean', default: false } } });
const ROUNDS = Number(values.rounds);
const N = Number(values.conversations);
const DAYS = Number(values.days);
const DAY = 86_400_000;
const TO = Date.parse('2026-12-01T00:00:00Z');
const FROM = TO - DAYS * DAY;
const QUESTIONS = ['do you do gift wrapping?', 'can I pay with bitcoin', 'bitcoin accepted?', 'is there a store in Paris', 'gift wrap available?', 'do you ship to the moon'];
const gc = (globalThis as { gc?: () => void }).gc ?? (() => {});

/** Rows as the stores write them, generated deterministically (a seeded LCG), for any engine. */
function* rows() {
  let seed = 42;
  const rnd = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
  const meta = (kind: string) => JSON.stringify({ kind, lang: 'en', intent: null, confidence: 0.2, alternatives: [], frustrated: false, frustration: 0, priority: 'low', reasons: [] });
  for (let i = 0; i < N; i++) {
    const id = `c${String(i).padStart(7, '0')}`;
    const at = FROM + Math.floor(rnd() * (DAYS * DAY - 3_600_000));
    const agent = `a${i % 5}`;
    const handoff = rnd() < 1 / 3;
    const unanswered = rnd() < 0.1;
    const rated = handoff && rnd() < 0.5;
    const events: unknown[][] = [[id, null, 'bot', 'visitor', `v${i}`, 'conversation started', at, null]];
    const messages: unknown[][] = [[`${id}m1`, id, 1, 'visitor', `v${i}`, null, unanswered ? QUESTIONS[i % QUESTIONS.length] : 'where is my parcel', null, null, at]];
    messages.push([`${id}m2`, id, 2, 'bot', null, null, unanswered ? 'Sorry?' : 'It ships today.', null, meta(unanswered ? 'fallback' : 'answer'), at + 1_000]);
    let status = 'bot';
    let resolvedAt: number | null = null;
    if (handoff) {
      events.push([id, 'bot', 'queued', 'bot', null, 'asked for a person; frustration 0.7: caps', at + 60_000, ['urgent', 'high', 'normal', 'low'][i % 4]]);
      events.push([id, 'queued', 'assigned', 'agent', agent, 'claimed', at + 90_000, null]);
      messages.push([`${id}m3`, id, 3, 'agent', agent, `Agent ${agent}`, 'Hello, let me look.', null, null, at + 60_000 + Math.floor(rnd() * 600_000)]);
      resolvedAt = at + 1_800_000;
      events.push([id, 'assigned', 'resolved', 'agent', agent, 'resolved', resolvedAt, null]);
      status = 'resolved';
    }
    yield { conversation: [id, `v${i}`, status, 'en', handoff ? agent : null, '{}', rated ? 1 + (i % 5) : null, resolvedAt, at, at], events, messages };
  }
}

async function fillSqlite(file: string): Promise<void> {
  await createSqliteStore({ file }).close(); // the schema
  const db = new Database(file);
  const agent = db.prepare("INSERT INTO agents (id, email, name, password_hash, created_at) VALUES (?, ?, ?, 'x', 0)");
  const visitor = db.prepare('INSERT INTO visitors (id, created_at) VALUES (?, 0)');
  const conv = db.prepare('INSERT INTO conversations (id, visitor_id, status, locale, assigned_agent_id, bot_state, rating_score, resolved_at, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)');
  const event = db.prepare('INSERT INTO events (conversation_id, from_status, to_status, actor_kind, actor_id, reason, at, priority) VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
  const message = db.prepare('INSERT INTO messages (id, conversation_id, seq, author, sender_id, author_name, text, client_id, bot, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)');
  db.transaction(() => {
    for (let a = 0; a < 5; a++) agent.run(`a${a}`, `a${a}@example.com`, `Agent a${a}`);
    for (const r of rows()) {
      visitor.run(r.conversation[1]);
      conv.run(...r.conversation);
      for (const e of r.events) event.run(...e);
      for (const m of r.messages) message.run(...m);
    }
  })();
  db.close();
}

async function fillPostgres(url: string): Promise<void> {
  await (await createPostgresStore({ url })).close();
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query('BEGIN');
  for (let a = 0; a < 5; a++) await client.query("INSERT INTO agents (id, email, name, password_hash, created_at) VALUES ($1, $2, $3, 'x', 0)", [`a${a}`, `a${a}@example.com`, `Agent a${a}`]);
  // Batches of multi-row inserts: 50k conversations in a few hundred statements.
  const batch = { v: [] as unknown[][], c: [] as unknown[][], e: [] as unknown[][], m: [] as unknown[][] };
  const insert = async (sql: string, cols: number, list: unknown[][]) => {
    if (list.length === 0) return;
    const values = list.map((_, i) => `(${Array.from({ length: cols }, (_, j) => `$${i * cols + j + 1}`).join(', ')})`).join(', ');
    await client.query(`${sql} VALUES ${values}`, list.flat());
    list.length = 0;
  };
  const flush = async () => {
    await insert('INSERT INTO visitors (id, created_at)', 2, batch.v);
    await insert('INSERT INTO conversations (id, visitor_id, status, locale, assigned_agent_id, bot_state, rating_score, resolved_at, created_at, updated_at)', 10, batch.c);
    await insert('INSERT INTO events (conversation_id, from_status, to_status, actor_kind, actor_id, reason, at, priority)', 8, batch.e);
    await insert('INSERT INTO messages (id, conversation_id, seq, author, sender_id, author_name, text, client_id, bot, created_at)', 10, batch.m);
  };
  for (const r of rows()) {
    batch.v.push([r.conversation[1], 0]);
    batch.c.push(r.conversation);
    batch.e.push(...r.events);
    batch.m.push(...r.messages);
    if (batch.c.length >= 500) await flush();
  }
  await flush();
  await client.query('COMMIT');
  // Statistics, as autovacuum would gather after such a load: without them the planner guesses large costs
  // and JIT-compiles every report query (1.3 s each, measured).
  await client.query('ANALYZE');
  await client.end();
}

interface Figures {
  ms: number;
  cpuMs: number;
  heapMb: number;
}

/**
 * Runs the candidates in turns (A B C, A B C, …: the machine's load falls on each alike), ROUNDS rounds, and
 * gives each one's median wall time, median CPU time of this process (what the other processes on a busy
 * machine disturb least), and the largest heap growth over its runs (sampled every 5 ms after a GC).
 */
async function interleaved(candidates: Array<() => Promise<unknown>>): Promise<Figures[]> {
  const runs = candidates.map(() => ({ ms: [] as number[], cpu: [] as number[], peak: 0 }));
  for (let round = 0; round < ROUNDS; round++) {
    for (const [i, fn] of candidates.entries()) {
      gc();
      const base = process.memoryUsage().heapUsed;
      const r = runs[i]!;
      const sampler = setInterval(() => (r.peak = Math.max(r.peak, process.memoryUsage().heapUsed - base)), 5);
      const cpu = process.cpuUsage();
      const t = performance.now();
      await fn();
      r.ms.push(performance.now() - t);
      const used = process.cpuUsage(cpu);
      r.cpu.push((used.user + used.system) / 1000);
      clearInterval(sampler);
      r.peak = Math.max(r.peak, process.memoryUsage().heapUsed - base);
    }
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  return runs.map((r) => ({ ms: median(r.ms), cpuMs: median(r.cpu), heapMb: r.peak / 2 ** 20 }));
}

async function bench(name: string, store: Store): Promise<void> {
  const range = { from: FROM, to: TO };
  const report = await buildReport(store, range, 'Europe/London');
  if (report.conversations !== N) throw new Error(`read ${report.conversations} conversations of ${N}`);
  let bytes = 0;
  const [baseline, paged, csv] = await interleaved([
    () => buildReport(store, range, 'Europe/London', N + 1),
    () => buildReport(store, range, 'Europe/London', REPORT_PAGE),
    async () => {
      bytes = 0;
      for await (const chunk of conversationsCsv(store, range)) bytes += Buffer.byteLength(chunk);
    },
  ]);
  const row = (label: string, f: Figures, extra = '') =>
    console.log(`${label.padEnd(40)}${f.ms.toFixed(0).padStart(8)} ms${f.cpuMs.toFixed(0).padStart(9)} ms${f.heapMb.toFixed(1).padStart(9)} MB${extra}`);
  console.log(`\n${name}: ${N} conversations over ${DAYS} days (${report.handoffs.count} handoffs, ${report.unansweredRead} unanswered)`);
  console.log(`${''.padEnd(40)}${'wall'.padStart(11)}${'CPU'.padStart(12)}${'heap'.padStart(12)}`);
  row('report, one read (baseline)', baseline!);
  row(`report, pages of ${REPORT_PAGE} (the route)`, paged!, `   ×${(paged!.ms / baseline!.ms).toFixed(2)} wall, ×${(paged!.cpuMs / baseline!.cpuMs).toFixed(2)} CPU, ×${(paged!.heapMb / baseline!.heapMb).toFixed(2)} heap`);
  row('conversations.csv, streamed', csv!, `   ${(bytes / 2 ** 20).toFixed(1)} MB written`);
}

const dir = mkdtempSync(join(tmpdir(), 'parley-bench-reports-'));
try {
  console.log(`medians of ${ROUNDS} interleaved rounds; CPU = this process's; heap = largest growth over the runs${(globalThis as { gc?: unknown }).gc ? '' : ' (run with --expose-gc for steadier heap figures)'}`);
  const file = join(dir, 'parley.db');
  await fillSqlite(file);
  const sqlite = createSqliteStore({ file });
  await bench('SQLite', sqlite);
  await sqlite.close();
  if (values.postgres) {
    const db = await createTestDatabase('reports');
    await fillPostgres(db.url);
    const store = await createPostgresStore({ url: db.url });
    await bench('PostgreSQL', store);
    await store.close();
    await db.drop();
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
