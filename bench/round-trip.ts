// `npm run bench:round-trip`: time from a visitor's question to the bot's answer over a real socket, against
// a bare Socket.IO server that answers every message at once (same machine, same client, same run), so the
// ratio shows what validation, the SQLite writes and the bot cost on top of the transport.
//
//   npx tsx bench/round-trip.ts [--visitors 20] [--messages 25]
//
// Each visitor asks its questions one after another, pausing THINK_MS after each answer as a person would
// (and as the per-connection rate limit of 2 messages a second expects); visitors run in parallel.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Server } from 'socket.io';
import { io, type Socket } from 'socket.io-client';
import { loadConfig } from '../server/config.ts';
import { startParley } from '../server/main.ts';
import { SHOP_QUESTIONS } from './shop-questions.ts';

const { values } = parseArgs({ options: { visitors: { type: 'string', default: '20' }, messages: { type: 'string', default: '25' } } });
const VISITORS = Number(values.visitors);
const MESSAGES = Number(values.messages);
const THINK_MS = 600;


interface Client {
  socket: Socket;
  /** Emits one question and resolves with the milliseconds until the reply event arrived. */
  ask(text: string): Promise<number>;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

async function connect(url: string, replyEvent: string, isReply: (payload: { author?: string }) => boolean, hello: boolean): Promise<Client> {
  const socket = io(url, { transports: ['websocket'], reconnection: false, forceNew: true });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });
  if (hello) await socket.emitWithAck('session:hello', { token: null, locale: 'en', page: null, afterSeq: 0 });
  let waiting: ((payload: { author?: string }) => void) | null = null;
  socket.on(replyEvent, (payload: { author?: string }) => {
    if (waiting && isReply(payload)) waiting(payload);
  });
  return {
    socket,
    ask(text) {
      const started = performance.now();
      return new Promise((resolve, reject) => {
        // A conversation handed off to nobody stops getting bot replies: fail loudly instead of hanging.
        const timer = setTimeout(() => reject(new Error(`no reply to "${text}" within 5 s`)), 5_000);
        waiting = () => {
          waiting = null;
          clearTimeout(timer);
          resolve(performance.now() - started);
        };
        socket.emit('message:send', { clientId: randomUUID(), text, reply: null }, () => {});
      });
    },
  };
}

async function run(label: string, connectOne: () => Promise<Client>): Promise<number[]> {
  const clients = await Promise.all(Array.from({ length: VISITORS }, connectOne));
  const times: number[] = [];
  await Promise.all(
    clients.map(async (c, v) => {
      for (let i = 0; i < MESSAGES; i++) {
        times.push(await c.ask(SHOP_QUESTIONS[(v + i) % SHOP_QUESTIONS.length]));
        await new Promise((r) => setTimeout(r, THINK_MS));
      }
    }),
  );
  for (const c of clients) c.socket.disconnect();
  times.sort((a, b) => a - b);
  console.log(
    `${label.padEnd(28)} n=${String(times.length).padEnd(6)} p50 ${percentile(times, 50).toFixed(2).padStart(7)} ms   p99 ${percentile(times, 99).toFixed(2).padStart(7)} ms`,
  );
  return times;
}

// Baseline: the same transport with nothing behind it — the reply is emitted as soon as the message arrives.
const echoHttp = createServer();
const echo = new Server(echoHttp, { serveClient: false });
echo.of('/visitor').on('connection', (socket) => {
  socket.on('message:send', (msg: { text: string }, ack?: () => void) => {
    ack?.();
    socket.emit('message:new', { author: 'bot', text: msg.text });
  });
});
await new Promise<void>((resolve) => echoHttp.listen(0, '127.0.0.1', resolve));
const echoUrl = `http://127.0.0.1:${(echoHttp.address() as AddressInfo).port}/visitor`;

const dataDir = mkdtempSync(join(tmpdir(), 'parley-bench-'));
const parley = await startParley(loadConfig({ PORT: '0', HOST: '127.0.0.1', PARLEY_DATA_DIR: dataDir, LOG_LEVEL: 'silent' }));

console.log(`${VISITORS} visitors × ${MESSAGES} questions each, one at a time per visitor\n`);
const base = await run('bare socket.io echo', () => connect(echoUrl, 'message:new', () => true, false));
const ours = await run('Parley (store + bot)', () =>
  connect(`${parley.url}/visitor`, 'message:new', (m) => m.author === 'bot' || m.author === 'system', true),
);
const ratio = (p: number) => (percentile(ours, p) / percentile(base, p)).toFixed(1);
console.log(`\nParley / baseline: p50 ×${ratio(50)}, p99 ×${ratio(99)}`);

await parley.close();
echo.close();
rmSync(dataDir, { recursive: true, force: true });
