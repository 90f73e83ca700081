// One load process of `npm run bench:load` (bench/load.ts starts several): connects its share of visitors,
// and on "go" has each ask a question every PERIOD_MS, staggered over the period, for the run's seconds.
// It records the acknowledgement and the bot reply latency of every message and reports them, with its own
// CPU time (so the report shows whether the load generator kept up), over the IPC channel.
import { randomUUID } from 'node:crypto';
import { io, type Socket } from 'socket.io-client';
import { SHOP_QUESTIONS } from '../shop-questions.ts';
import type { LoaderJob, LoaderReport } from './messages.ts';


/** How long after the run a message may still be acknowledged or answered before it counts as lost. */
const GRACE_MS = 10_000;

interface Visitor {
  socket: Socket;
  /** Send times of messages the bot has not answered yet, oldest first (the bot answers in order). */
  pending: number[];
  /** Handed to a person (or the queue): later messages expect no bot reply. */
  withPerson: boolean;
}

const send = (m: LoaderReport | { ready: true }, then?: () => void) => process.send!(m, undefined, {}, then);

process.once('message', async (job: LoaderJob) => {
  const ack: number[] = [];
  const reply: number[] = [];
  const refused = new Map<string, number>();
  let sent = 0;
  let unacked = 0;
  let handedOff = 0;
  let connectFailures = 0;

  const connect = async (i: number): Promise<Visitor | null> => {
    const url = job.urls[i % job.urls.length]!;
    const socket = io(`${url}/visitor`, { transports: ['websocket'], reconnection: false, forceNew: true, timeout: 20_000 });
    try {
      await new Promise<void>((resolve, reject) => {
        socket.once('connect', () => resolve());
        socket.once('connect_error', reject);
      });
      await socket.timeout(20_000).emitWithAck('session:hello', { token: null, locale: i % 2 ? 'zh' : 'en', page: null, afterSeq: 0 });
    } catch {
      connectFailures++;
      socket.close();
      return null;
    }
    const v: Visitor = { socket, pending: [], withPerson: false };
    socket.on('message:new', (m: { author: string }) => {
      if (m.author !== 'bot') return;
      const at = v.pending.shift();
      if (at !== undefined) reply.push(performance.now() - at);
    });
    socket.on('conversation:update', (c: { status: string }) => {
      if (c.status !== 'bot' && !v.withPerson) {
        v.withPerson = true;
        handedOff++;
      }
    });
    return v;
  };

  // Connected a few at a time: a thousand handshakes at once would measure the handshake, not the chat.
  const visitors: Visitor[] = [];
  for (let i = 0; i < job.visitors; i += 50) {
    const batch = await Promise.all(Array.from({ length: Math.min(50, job.visitors - i) }, (_, k) => connect(job.offset + i + k)));
    for (const v of batch) if (v) visitors.push(v);
  }
  send({ ready: true });
  await new Promise<void>((resolve) => process.once('message', () => resolve()));

  const cpuStart = process.cpuUsage();
  const started = performance.now();
  const end = started + job.seconds * 1000;
  const outstanding: Array<Promise<void>> = [];
  const timers = visitors.map((v, i) => {
    let n = 0;
    const ask = () => {
      if (performance.now() >= end) return;
      const at = performance.now();
      sent++;
      if (!v.withPerson) v.pending.push(at);
      const text = SHOP_QUESTIONS[(i + n++) % SHOP_QUESTIONS.length]!;
      outstanding.push(
        v.socket
          .timeout(GRACE_MS)
          .emitWithAck('message:send', { clientId: randomUUID(), text, reply: null })
          .then(
            (res: { ok: boolean; error?: string }) => {
              if (res.ok) ack.push(performance.now() - at);
              else {
                refused.set(res.error ?? '?', (refused.get(res.error ?? '?') ?? 0) + 1);
                // A refused message gets no bot reply.
                const k = v.pending.indexOf(at);
                if (k >= 0) v.pending.splice(k, 1);
              }
            },
            () => void unacked++,
          ),
      );
    };
    const first = setTimeout(() => {
      ask();
      timer.interval = setInterval(ask, job.periodMs);
    }, (i / visitors.length) * job.periodMs);
    const timer: { first: NodeJS.Timeout; interval?: NodeJS.Timeout } = { first };
    return timer;
  });
  await new Promise((r) => setTimeout(r, job.seconds * 1000));
  for (const t of timers) {
    clearTimeout(t.first);
    if (t.interval) clearInterval(t.interval);
  }
  const cpu = process.cpuUsage(cpuStart);
  const busyMs = (cpu.user + cpu.system) / 1000;
  await Promise.all(outstanding);
  // Replies still missing get until the grace period ends, counted from the last send.
  const deadline = end + GRACE_MS;
  while (performance.now() < deadline && visitors.some((v) => !v.withPerson && v.pending.length > 0)) await new Promise((r) => setTimeout(r, 100));
  const unanswered = visitors.reduce((n, v) => n + (v.withPerson ? 0 : v.pending.length), 0);
  for (const v of visitors) v.socket.close();
  send({
    sent,
    ack,
    reply,
    unacked,
    unanswered,
    refused: Object.fromEntries(refused),
    handedOff,
    connected: visitors.length,
    connectFailures,
    cpuPercent: (busyMs / (job.seconds * 1000)) * 100,
  }, () => process.disconnect()); // only once the report is written: a large one would otherwise be cut off
});
