// `npm run bench:adapter`: the two Socket.IO adapters over Redis side by side — @socket.io/redis-streams-adapter
// (what Parley uses, server/realtime/redis-adapter.ts) and @socket.io/redis-adapter (pub/sub) — with the
// in-memory adapter of one server as the baseline. Two Socket.IO servers in this process, clients on node
// B in one room, broadcasts from node A:
//
//   latency     one broadcast every PACE_MS, time from emit on A to arrival at B's clients (p50 / p99)
//   throughput  BURST broadcasts at once, deliveries per second until every client has every one
//   restart     a private redis-server (no persistence) is killed and started again on the same port;
//               broadcasts are sent before, during and after: how many reach node B's client
//
//   REDIS_URL=redis://127.0.0.1:6379 npx tsx bench/adapter.ts [--clients 20] [--messages 500] [--burst 2000] [--rounds 3]
//
// Latency and throughput use REDIS_URL under a prefix of their own; the restart uses `redis-server` from PATH.
import { createAdapter as createPubSubAdapter } from '@socket.io/redis-adapter';
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseArgs } from 'node:util';
import { pino } from 'pino';
import { Server, type ServerOptions } from 'socket.io';
import { io as connectClient, type Socket } from 'socket.io-client';
import { connectRedis, type RedisClient } from '../server/redis/connect.ts';
import { redisStreamsAdapter } from '../server/realtime/redis-adapter.ts';
import { startPrivateRedis } from '../test/support/redis.ts';

const { values } = parseArgs({
  options: { clients: { type: 'string', default: '20' }, messages: { type: 'string', default: '500' }, burst: { type: 'string', default: '2000' }, rounds: { type: 'string', default: '3' } },
});
const CLIENTS = Number(values.clients);
const MESSAGES = Number(values.messages);
const BURST = Number(values.burst);
const ROUNDS = Number(values.rounds);
const PACE_MS = 2;
const REDIS_URL = process.env.REDIS_URL || 'redis://127.0.0.1:6379';
const silent = pino({ level: 'silent' });
// Destroying an adapter's clients at the end of a round rejects the commands they still wait on (a blocked
// XREAD, a SUBSCRIBE), which the adapters do not all catch: not what is measured here.
process.on('unhandledRejection', () => {});

type Adapter = NonNullable<ServerOptions['adapter']>;
interface Kind {
  label: string;
  /** Adapters for node A and node B (the same for both unless a kind needs its own clients per node), and their cleanup. */
  make(url: string): Promise<{ adapters: [Adapter | undefined, Adapter | undefined]; close(): Promise<void> }>;
  /** One node only: the baseline's clients sit on the emitting server. */
  single?: boolean;
}

const kinds: Kind[] = [
  { label: 'in-memory (one node)', single: true, make: async () => ({ adapters: [undefined, undefined], close: async () => {} }) },
  {
    label: 'redis-streams-adapter',
    async make(url) {
      const prefix = `bench-${randomUUID().slice(0, 8)}`;
      const clients = await Promise.all([connectRedis(url, silent), connectRedis(url, silent)]);
      return { adapters: [redisStreamsAdapter(clients[0], prefix), redisStreamsAdapter(clients[1], prefix)], close: async () => clients.forEach((c) => c.destroy()) };
    },
  },
  {
    label: 'redis-adapter (pub/sub)',
    async make(url) {
      const prefix = `bench-${randomUUID().slice(0, 8)}`;
      const clients: RedisClient[] = [];
      const pair = async () => {
        const pub = await connectRedis(url, silent);
        const sub = pub.duplicate();
        sub.on('error', () => {});
        await sub.connect();
        clients.push(pub, sub as RedisClient);
        return createPubSubAdapter(pub, sub, { key: prefix });
      };
      return { adapters: [await pair(), await pair()], close: async () => clients.forEach((c) => c.destroy()) };
    },
  },
];

async function serve(adapter: Adapter | undefined) {
  const http = createServer();
  const io = new Server(http, { serveClient: false, ...(adapter ? { adapter } : {}) });
  io.on('connection', (socket) => void socket.join('room'));
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  return { io, url: `http://127.0.0.1:${(http.address() as AddressInfo).port}`, close: () => new Promise<void>((r) => io.close(() => r())) };
}

async function listeners(url: string, count: number): Promise<Socket[]> {
  return Promise.all(
    Array.from({ length: count }, async () => {
      const socket = connectClient(url, { transports: ['websocket'], forceNew: true });
      await new Promise<void>((resolve, reject) => {
        socket.once('connect', () => resolve());
        socket.once('connect_error', reject);
      });
      return socket;
    }),
  );
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Until `test` holds or `ms` pass; false if it never held. */
async function settle(test: () => boolean, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (!test() && Date.now() < deadline) await sleep(10);
  return test();
}

async function nodes(kind: Kind, url: string) {
  const made = await kind.make(url);
  const a = await serve(made.adapters[0]);
  const b = kind.single ? a : await serve(made.adapters[1]);
  // The adapters subscribe asynchronously: give them a moment before the first broadcast.
  await sleep(300);
  return {
    a,
    b,
    async close() {
      await a.close();
      if (b !== a) await b.close();
      await made.close();
    },
  };
}

async function latencyAndThroughput(kind: Kind) {
  const { a, b, close } = await nodes(kind, REDIS_URL);
  const sockets = await listeners(b.url, CLIENTS);
  const latencies: number[] = [];
  let received = 0;
  for (const s of sockets) {
    s.on('latency', (sentAt: number) => latencies.push(performance.now() - sentAt));
    s.on('burst', () => void received++);
  }
  for (let i = 0; i < MESSAGES; i++) {
    a.io.to('room').emit('latency', performance.now());
    await sleep(PACE_MS);
  }
  await settle(() => latencies.length >= MESSAGES * CLIENTS, 10_000);
  const started = performance.now();
  for (let i = 0; i < BURST; i++) a.io.to('room').emit('burst', i);
  const complete = await settle(() => received >= BURST * CLIENTS, 60_000);
  const seconds = (performance.now() - started) / 1000;
  for (const s of sockets) s.disconnect();
  await close();
  latencies.sort((x, y) => x - y);
  return {
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    delivered: latencies.length / (MESSAGES * CLIENTS),
    perSecond: received / seconds,
    complete,
  };
}

async function restart(kind: Kind) {
  const redis = await startPrivateRedis();
  const { a, b, close } = await nodes(kind, redis.url);
  const [socket] = await listeners(b.url, 1);
  const got = { before: 0, during: 0, after: 0 };
  socket!.on('phase', (phase: keyof typeof got) => void got[phase]++);
  const send = async (phase: keyof typeof got, count = 20) => {
    for (let i = 0; i < count; i++) {
      a.io.to('room').emit('phase', phase);
      await sleep(10);
    }
  };
  await send('before');
  await sleep(200);
  await redis.stop();
  // Half while Redis is gone, half while it starts and the nodes reconnect (each client in its own time).
  await send('during', 10);
  await Promise.all([redis.start(), send('during', 10)]);
  // Until the clients are back (node-redis retries every 2 s at most), then after.
  await sleep(2_500);
  await send('after');
  await settle(() => got.after >= 20, 5_000);
  await sleep(500);
  socket!.disconnect();
  await close();
  await redis.stop();
  return got;
}

const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)]!;

console.log(`${CLIENTS} clients on node B in one room; node A broadcasts. ${MESSAGES} paced broadcasts (latency), a burst of ${BURST} (throughput).`);
console.log(`Medians of ${ROUNDS} rounds, the adapters taking turns in each (after one warm-up round), on this machine as loaded as it is.\n`);
const rounds = new Map<Kind, Array<Awaited<ReturnType<typeof latencyAndThroughput>>>>(kinds.map((k) => [k, []]));
for (let round = 0; round <= ROUNDS; round++) {
  for (const kind of kinds) {
    const r = await latencyAndThroughput(kind);
    if (round > 0) rounds.get(kind)!.push(r);
  }
}
console.log(`${'adapter'.padEnd(26)} ${'p50 ms'.padStart(8)} ${'p99 ms'.padStart(8)} ${'delivered'.padStart(10)} ${'deliveries/s'.padStart(13)}   restart: before / during / after (of 20 each)`);
let incomplete = false;
for (const kind of kinds) {
  const rs = rounds.get(kind)!;
  const restarted = kind.single ? null : await restart(kind);
  incomplete ||= rs.some((r) => !r.complete);
  console.log(
    `${kind.label.padEnd(26)} ${median(rs.map((r) => r.p50)).toFixed(2).padStart(8)} ${median(rs.map((r) => r.p99)).toFixed(2).padStart(8)} ${(Math.min(...rs.map((r) => r.delivered)) * 100).toFixed(1).padStart(9)}% ${Math.round(median(rs.map((r) => r.perSecond))).toString().padStart(13)}   ${restarted ? `${restarted.before} / ${restarted.during} / ${restarted.after}` : '(no Redis)'}`,
  );
}
if (incomplete) console.log('\nA burst did not complete within 60 s in some round: its deliveries/s counts what arrived.');
process.exit(0);
