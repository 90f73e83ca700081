// One run of `npm run bench:statements` (bench/statements.ts starts one per checkout and store): starts the
// Parley of PROBE_ROOT in this process, with the database drivers, Socket.IO's broadcasts and JSON.parse
// counted (wrapped here, in the bench, never in the product), and has visitors ask questions one at a time,
// each waiting for its acknowledgement and the bot's reply. Whatever the node does on behalf of a
// `message:send` event — the send path and the bot turn it schedules — runs in that event's async context
// (AsyncLocalStorage, entered where Socket.IO dispatches the event), so background timers (the search
// indexer, the checkpointer, the queue watch) are not counted. Reports the counts per message over IPC.
import { AsyncLocalStorage } from 'node:async_hooks';
import { Socket } from 'node:net';
import { createRequire } from 'node:module';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { randomUUID } from 'node:crypto';
import { io, type Socket as ClientSocket } from 'socket.io-client';
import { SHOP_QUESTIONS } from '../shop-questions.ts';

export interface ProbeReport {
  /** Messages measured (each visitor's first, which starts its conversation, is reported apart). */
  messages: number;
  steady: Counts;
  first: Counts;
  handedOff: number;
  /** Statement texts (whitespace collapsed) and how often they ran per steady message, most frequent first. */
  texts: Array<[string, number]>;
}

export interface Counts {
  /** SQL statements executed (pg queries; better-sqlite3 statement runs, exec and pragma, BEGIN/COMMIT included). */
  statements: number;
  /** Times a statement was issued while none of this message's others was in flight: sequential waits on the database. */
  waves: number;
  /** JSON.parse calls on a bot memory. */
  botStateParses: number;
  /** Socket.IO emits to agent consoles (any room of the agent namespace). */
  agentEmits: number;
  /** Socket.IO emits to visitors. */
  visitorEmits: number;
  /** Writes to PostgreSQL's socket (each a system call). */
  pgWrites: number;
}

const ROOT = process.env.PROBE_ROOT!;
const VISITORS = Number(process.env.PROBE_VISITORS ?? 4);
const PER_VISITOR = Number(process.env.PROBE_MESSAGES ?? 9);

const zero = (): Counts => ({ statements: 0, waves: 0, botStateParses: 0, agentEmits: 0, visitorEmits: 0, pgWrites: 0 });
interface Tag {
  counts: Counts;
  inFlight: number;
  texts: Map<string, number> | null;
}
const als = new AsyncLocalStorage<Tag>();
let current: Tag | null = null;

const rootRequire = createRequire(join(ROOT, 'package.json'));

/** Counts one statement of the message in whose context it runs; returns a function to call when it is done. */
function statement(sql: unknown): () => void {
  const tag = als.getStore();
  if (!tag || tag !== current) return () => {};
  tag.counts.statements++;
  if (tag.inFlight === 0) tag.counts.waves++;
  tag.inFlight++;
  if (tag.texts) {
    const text = String(typeof sql === 'object' && sql !== null ? (sql as { text?: string }).text : sql).replace(/\s+/g, ' ').trim().slice(0, 110);
    tag.texts.set(text, (tag.texts.get(text) ?? 0) + 1);
  }
  let done = false;
  return () => {
    if (!done) tag.inFlight--;
    done = true;
  };
}

// pg: Pool.query and the store's transactions both end in Client.prototype.query (one round trip each).
const pg = rootRequire('pg') as { Client: { prototype: { query: (...a: unknown[]) => unknown } } };
const pgQuery = pg.Client.prototype.query;
pg.Client.prototype.query = function (this: unknown, ...args: unknown[]) {
  const end = statement(args[0]);
  const cb = args.findIndex((a) => typeof a === 'function');
  if (cb >= 0) {
    const f = args[cb] as (...r: unknown[]) => void;
    args[cb] = (...r: unknown[]) => {
      end();
      f(...r);
    };
    return pgQuery.apply(this, args);
  }
  const out = pgQuery.apply(this, args) as Promise<unknown> | undefined;
  if (out && typeof out.then === 'function') out.then(end, end);
  else end();
  return out;
};

// Every write of a socket reaches the system through _writeGeneric: one chunk, or (from _writev) what a cork
// or a busy socket gathered.
const PG_PORT = process.env.PROBE_DATABASE_URL ? Number(new URL(process.env.PROBE_DATABASE_URL).port || 5432) : -1;
{
  const proto = Socket.prototype as unknown as Record<string, Fn>;
  const orig = proto._writeGeneric!;
  proto._writeGeneric = function (this: Socket, ...a: unknown[]) {
    const tag = als.getStore();
    if (tag && tag === current && this.remotePort === PG_PORT) tag.counts.pgWrites++;
    return orig.apply(this, a);
  };
}

// better-sqlite3: every statement (transactions' BEGIN/COMMIT included) is a native Statement's run/get/all/iterate.
type Fn = (...a: unknown[]) => unknown;
const Sqlite = rootRequire('better-sqlite3') as { new (f: string): { prepare(s: string): object; close(): void }; prototype: Record<string, Fn> };
{
  const probe = new Sqlite(':memory:');
  const proto = Object.getPrototypeOf(probe.prepare('SELECT 1')) as Record<string, Fn>;
  probe.close();
  for (const name of ['run', 'get', 'all', 'iterate']) {
    const orig = proto[name]!;
    proto[name] = function (this: { source: string }, ...a: unknown[]) {
      const end = statement(this.source);
      try {
        return orig.apply(this, a);
      } finally {
        end();
      }
    };
  }
  for (const name of ['exec', 'pragma']) {
    const orig = Sqlite.prototype[name]!;
    Sqlite.prototype[name] = function (this: unknown, ...a: unknown[]) {
      const end = statement(a[0]);
      try {
        return orig.apply(this, a);
      } finally {
        end();
      }
    };
  }
}

// Socket.IO: events dispatched in a message's context; emits counted by namespace.
const ioDist = dirname(rootRequire.resolve('socket.io'));
const { Socket: ServerSocket } = rootRequire(join(ioDist, 'socket.js')) as { Socket: { prototype: Record<string, Fn> } };
const dispatch = ServerSocket.prototype.dispatch!;
ServerSocket.prototype.dispatch = function (this: unknown, event: unknown) {
  const name = Array.isArray(event) ? event[0] : null;
  if (name === 'message:send' && pendingTag) {
    const tag = pendingTag;
    pendingTag = null;
    return als.run(tag, () => dispatch.call(this, event));
  }
  return dispatch.call(this, event);
};
const { BroadcastOperator } = rootRequire(join(ioDist, 'broadcast-operator.js')) as { BroadcastOperator: { prototype: Record<string, Fn> } };
const broadcast = BroadcastOperator.prototype.emit!;
BroadcastOperator.prototype.emit = function (this: { adapter: { nsp: { name: string } } }, ...a: unknown[]) {
  const tag = als.getStore();
  if (tag && tag === current) {
    if (this.adapter.nsp.name === '/agent') tag.counts.agentEmits++;
    else tag.counts.visitorEmits++;
  }
  return broadcast.apply(this, a);
};

const parse = JSON.parse;
JSON.parse = function (text: string, reviver?: (this: unknown, key: string, value: unknown) => unknown) {
  const tag = als.getStore();
  if (tag && tag === current && typeof text === 'string' && text.includes('"fallbackStreak"')) tag.counts.botStateParses++;
  return parse(text, reviver);
};

let pendingTag: Tag | null = null;

const { loadConfig } = (await import(pathToFileURL(join(ROOT, 'server/config.ts')).href)) as typeof import('../../server/config.ts');
const { startParley } = (await import(pathToFileURL(join(ROOT, 'server/main.ts')).href)) as typeof import('../../server/main.ts');

const dataDir = mkdtempSync(join(tmpdir(), 'parley-statements-'));
const parley = await startParley(
  loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    PARLEY_DATA_DIR: dataDir,
    LOG_LEVEL: 'silent',
    PARLEY_RATE_LIMIT_EXEMPT: 'loopback',
    PARLEY_MAX_LAG_MS: '0',
    ...(process.env.PROBE_DATABASE_URL ? { PARLEY_DATABASE_URL: process.env.PROBE_DATABASE_URL } : {}),
  }),
);

const steady: Tag = { counts: zero(), inFlight: 0, texts: new Map() };
const first: Tag = { counts: zero(), inFlight: 0, texts: null };
let measured = 0;
let handedOff = 0;

for (let v = 0; v < VISITORS; v++) {
  const socket: ClientSocket = io(`${parley.url}/visitor`, { transports: ['websocket'], reconnection: false, forceNew: true });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('connect_error', reject);
  });
  await socket.emitWithAck('session:hello', { token: null, locale: v % 2 ? 'zh' : 'en', page: null, afterSeq: 0 });
  let withPerson = false;
  socket.on('conversation:update', (c: { status: string }) => {
    if (c.status !== 'bot') withPerson = true;
  });
  for (let n = 0; n < PER_VISITOR && !withPerson; n++) {
    const tag = n === 0 ? first : steady;
    // A message's turn is over when the bot replied and nothing it started is still running.
    const replied = new Promise<void>((resolve) => {
      const heard = (m: { author: string }) => {
        if (m.author !== 'bot') return;
        socket.off('message:new', heard);
        resolve();
      };
      socket.on('message:new', heard);
    });
    current = tag;
    pendingTag = tag;
    const ack = (await socket.emitWithAck('message:send', { clientId: randomUUID(), text: SHOP_QUESTIONS[(v * 3 + n) % SHOP_QUESTIONS.length], reply: null })) as { ok: boolean };
    if (!ack.ok) throw new Error(`message refused: ${JSON.stringify(ack)}`);
    await Promise.race([replied, new Promise((r) => setTimeout(r, 5_000))]);
    // Let what the turn still does after publishing the reply (activity, handoff routing) finish.
    while (tag.inFlight > 0) await new Promise((r) => setTimeout(r, 5));
    await new Promise((r) => setTimeout(r, 20));
    current = null;
    if (n > 0) measured++;
  }
  if (withPerson) handedOff++;
  socket.close();
}

await parley.close();
rmSync(dataDir, { recursive: true, force: true });

const per = (c: Counts, n: number): Counts => Object.fromEntries(Object.entries(c).map(([k, x]) => [k, x / Math.max(1, n)])) as unknown as Counts;
const report: ProbeReport = {
  messages: measured,
  steady: per(steady.counts, measured),
  first: per(first.counts, VISITORS),
  handedOff,
  texts: [...steady.texts!.entries()].sort((a, b) => b[1] - a[1]).map(([t, k]) => [t, k / Math.max(1, measured)]),
};
process.send!(report, undefined, {}, () => process.disconnect());
