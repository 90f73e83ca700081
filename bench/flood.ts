// `npm run bench:flood`: what a flood from one address does to everyone else, with and without the
// per-address limits, side by side in one run.
//
//   npx tsx bench/flood.ts [--sockets 500] [--probes 40]
//
// A probe visitor (its own address) asks a question, waits for the answer and 600 ms, and times the bot's
// reply, while another address opens waves of `--sockets` sockets, each saying hello and sending a message
// (the attack from the hardening issue), one wave after another for as long as the probe asks. An agent
// console is connected throughout: the bench counts the events it receives. Three runs:
// no flood; the flood with that address exempt (as without limits); the flood with the default limits.
// Addresses are told apart through a trusted proxy header (PARLEY_TRUST_PROXY=loopback), as behind a load
// balancer.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { io, type Socket } from 'socket.io-client';
import { addAgent } from '../server/auth/agents.ts';
import { loadConfig } from '../server/config.ts';
import { startParley } from '../server/main.ts';

const { values } = parseArgs({ options: { sockets: { type: 'string', default: '500' }, probes: { type: 'string', default: '40' } } });
const SOCKETS = Number(values.sockets);
const PROBES = Number(values.probes);
const FLOODER = '203.0.113.66';
/** The probe pauses after each answer, as a person would (and as the per-connection limit of 2 messages a second expects). */
const THINK_MS = 600;

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;

function visitor(url: string, address: string): Socket {
  return io(`${url}/visitor`, { transports: ['websocket'], reconnection: false, forceNew: true, extraHeaders: { 'x-forwarded-for': address } });
}
const connected = (s: Socket) =>
  new Promise<boolean>((resolve) => {
    s.once('connect', () => resolve(true));
    s.once('connect_error', () => resolve(false));
  });
const hello = (s: Socket) => s.timeout(10_000).emitWithAck('session:hello', { token: null, locale: 'en', page: null, afterSeq: 0, timeZone: null });

async function run(label: string, flood: boolean, exemptFlooder: boolean) {
  const dataDir = mkdtempSync(join(tmpdir(), 'parley-bench-flood-'));
  const config = loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    PARLEY_DATA_DIR: dataDir,
    LOG_LEVEL: 'silent',
    PARLEY_TRUST_PROXY: 'loopback',
    PARLEY_RATE_LIMIT_EXEMPT: exemptFlooder ? FLOODER : '',
  });
  const parley = await startParley(config);
  await addAgent(parley.store, { email: 'ada@shop.test', password: 'a long password', name: 'Ada' });
  const login = await fetch(`${parley.url}/api/agent/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'ada@shop.test', password: 'a long password' }) });
  const cookie = login.headers.getSetCookie()[0]!.split(';')[0]!;
  const agent = io(`${parley.url}/agent`, { transports: ['websocket'], reconnection: false, forceNew: true, extraHeaders: { cookie } });
  await connected(agent);
  let consoleEvents = 0;
  agent.onAny(() => consoleEvents++);

  const probe = visitor(parley.url, '198.51.100.1');
  await connected(probe);
  await hello(probe);
  const replies: number[] = [];
  let waiting: ((at: number) => void) | null = null;
  probe.on('message:new', (m: { author: string }) => m.author === 'bot' && waiting?.(performance.now()));

  // Waves of SOCKETS sockets, one after another, for as long as the probe asks.
  let probing = true;
  const floodDone = (async () => {
    let refused = 0;
    let accepted = 0;
    while (flood && probing) {
      const sockets: Socket[] = [];
      await Promise.all(
        Array.from({ length: SOCKETS }, async () => {
          const s = visitor(parley.url, FLOODER);
          sockets.push(s);
          if (!(await connected(s))) return void refused++;
          const h = (await hello(s).catch(() => null)) as { ok: boolean } | null;
          if (!h?.ok) return void refused++;
          const ack = (await s.timeout(10_000).emitWithAck('message:send', { clientId: randomUUID(), text: 'where is my order?', reply: null }).catch(() => null)) as { ok: boolean } | null;
          if (ack?.ok) accepted++;
          else refused++;
        }),
      );
      for (const s of sockets) s.close();
    }
    return { refused, accepted };
  })();

  let probeRefused = 0;
  for (let i = 0; i < PROBES; i++) {
    const sent = performance.now();
    const answered = new Promise<number>((resolve) => (waiting = resolve));
    const ack = (await probe.timeout(10_000).emitWithAck('message:send', { clientId: randomUUID(), text: i % 2 ? 'do you ship to Canada?' : 'where is my parcel?', reply: null }).catch(() => null)) as { ok: boolean } | null;
    if (!ack?.ok) probeRefused++;
    else replies.push((await Promise.race([answered, new Promise<number>((r) => setTimeout(() => r(sent + 10_000), 10_000))])) - sent);
    await new Promise((r) => setTimeout(r, THINK_MS));
  }
  probing = false;
  const { refused, accepted } = await floodDone;
  replies.sort((a, b) => a - b);
  console.log(
    `${label.padEnd(34)} probe reply p50 ${percentile(replies, 50).toFixed(1).padStart(7)} ms  p95 ${percentile(replies, 95).toFixed(1).padStart(7)} ms  (${probeRefused} refused)   ` +
      `flood: ${String(accepted).padStart(5)} conversations started, ${String(refused).padStart(5)} refused   console events ${consoleEvents}`,
  );
  probe.close();
  agent.close();
  await parley.close();
  rmSync(dataDir, { recursive: true, force: true });
}

console.log(`waves of ${SOCKETS} sockets from one address, each hello + one message, while a probe visitor asks ${PROBES} questions\n`);
await run('no flood', false, false);
await run('flood, address exempt (no limits)', true, true);
await run('flood, default per-address limits', true, false);
