import { request } from 'node:http';
import { connect as tcpConnect } from 'node:net';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import fc from 'fast-check';
import { io, type Socket } from 'socket.io-client';
import { ERROR_CODES, MAX_PACKET_BYTES } from '../../protocol/index.ts';

// ─── Seed and size ────────────────────────────────────────────────────────────────────────────────────
// FUZZ_SEED replays a run (a failure prints it); FUZZ_SCALE multiplies the number of runs for a longer
// local session (FUZZ_SCALE=10 is about five minutes); FUZZ_VERBOSE=1 prints what the fuzz answered.

export const SEED = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : 1313;
export const SCALE = process.env.FUZZ_SCALE ? Number(process.env.FUZZ_SCALE) : 1;
export const VERBOSE = !!process.env.FUZZ_VERBOSE;

/**
 * fc.assert with the suite's seed, a run count and a time limit (so a slow machine runs fewer cases rather
 * than time out), and a failure message that says how to replay it.
 */
export async function check<T>(name: string, arb: fc.Arbitrary<T>, predicate: (value: T) => Promise<void>, runs: number, timeLimitMs: number): Promise<void> {
  let done = 0;
  const started = Date.now();
  try {
    await fc.assert(
      fc.asyncProperty(arb, async (value) => {
        done++;
        await predicate(value);
      }),
      { seed: SEED, numRuns: Math.round(runs * SCALE), endOnFailure: false, plugins: [fc.interruptAfterTimeLimit(timeLimitMs * SCALE)] },
    );
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    throw new Error(`fuzz "${name}" failed (seed ${SEED}; replay with FUZZ_SEED=${SEED} npx vitest run test/fuzz)\n${message}`, { cause: err });
  }
  if (VERBOSE) console.log(`fuzz "${name}": ${done} runs (incl. shrinking) in ${Date.now() - started} ms, seed ${SEED}`);
}

// ─── Client addresses ─────────────────────────────────────────────────────────────────────────────────
// The server limits new connections, visitors and conversations per client address. The fuzz comes from
// a few loopback addresses (127.0.1.x: Linux routes all of 127/8 to lo), so the limits are in play without
// starving the fuzz; the liveness probe comes from PROBE_ADDRESS, which the fuzz server exempts, so a
// refusal there is the server failing, not a limit. Where only 127.0.0.1 works, everything comes from it
// and it is exempt (the limits then go unexercised).

export const PROBE_ADDRESS = '127.0.0.77';
const FUZZ_ADDRESSES = ['127.0.1.1', '127.0.1.2', '127.0.1.3', '127.0.1.4', '127.0.1.5', '127.0.1.6'];

export interface Addresses {
  fuzz: string[];
  probe: string;
  /** PARLEY_RATE_LIMIT_EXEMPT for the fuzz server. */
  exempt: string;
}

export async function pickAddresses(): Promise<Addresses> {
  const works = await new Promise<boolean>((resolve) => {
    const socket = tcpConnect({ host: '127.0.0.1', port: 9, localAddress: PROBE_ADDRESS });
    // Refused (nothing on port 9) means the local address was usable; EADDRNOTAVAIL means it was not.
    socket.on('error', (err: NodeJS.ErrnoException) => resolve(err.code === 'ECONNREFUSED'));
    socket.on('connect', () => {
      socket.destroy();
      resolve(true);
    });
  });
  return works ? { fuzz: FUZZ_ADDRESSES, probe: PROBE_ADDRESS, exempt: PROBE_ADDRESS } : { fuzz: ['127.0.0.1'], probe: '127.0.0.1', exempt: '127.0.0.1' };
}

// ─── Server log ───────────────────────────────────────────────────────────────────────────────────────

export interface LogLine {
  level: number;
  msg: string;
  /** One line: the message, the error's type and text, and the event or route. */
  summary: string;
  line: string;
}

/**
 * A pino destination keeping errors (findings: the server noticed it failed) and the first warnings (for
 * FUZZ_VERBOSE). Errors are all kept: if there are thousands, the fuzz has failed anyway.
 */
export function logSink() {
  const lines: LogLine[] = [];
  let warnings = 0;
  return {
    lines,
    errors: () => lines.filter((l) => l.level >= 50),
    warnings: () => lines.filter((l) => l.level < 50),
    destination: {
      write(line: string) {
        try {
          const parsed = JSON.parse(line) as { level: number; msg?: string; err?: { type?: string; message?: string; code?: string }; event?: string; method?: string; path?: string };
          if (parsed.level < 40 || (parsed.level < 50 && ++warnings > 200)) return;
          const { err } = parsed;
          const where = parsed.event ?? (parsed.method ? `${parsed.method} ${parsed.path}` : '');
          const summary = `${parsed.msg ?? ''}${where ? ` [${where}]` : ''}${err ? `: ${err.type ?? 'Error'} ${err.code ?? ''} ${err.message ?? ''}` : ''}`;
          lines.push({ level: parsed.level, msg: parsed.msg ?? '', summary: summary.slice(0, 300), line: line.trim().slice(0, 4000) });
        } catch {
          lines.push({ level: 60, msg: 'unparsable log line', summary: line.slice(0, 300), line: line.slice(0, 4000) });
        }
      },
    },
  };
}

// ─── Unhandled errors ─────────────────────────────────────────────────────────────────────────────────
// Vitest reports these too and fails the file; recording them here also names the run that caused one.

export function watchProcess() {
  const seen: string[] = [];
  const onRejection = (reason: unknown) => seen.push(`unhandled rejection: ${reason instanceof Error ? reason.stack : String(reason)}`);
  const onException = (err: Error) => seen.push(`uncaught exception: ${err.stack}`);
  process.on('unhandledRejection', onRejection);
  process.on('uncaughtException', onException);
  return {
    seen,
    stop() {
      process.off('unhandledRejection', onRejection);
      process.off('uncaughtException', onException);
    },
  };
}

// ─── Sockets ──────────────────────────────────────────────────────────────────────────────────────────

export type Connection = { socket: Socket; refused?: undefined } | { socket?: undefined; refused: string };
const CONNECT_MS = 5_000;

/** A socket.io-client peer from `from`, or the message of the refusal. Does not record what it receives. */
export function open(url: string, namespace: string, from: string, headers: Record<string, string> = {}): Promise<Connection> {
  const socket = io(`${url}${namespace}`, {
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
    timeout: CONNECT_MS,
    extraHeaders: headers,
    // Passed through engine.io-client to `ws` (and so to the TCP socket); not in the client's own types.
    ...({ localAddress: from } as object),
  });
  return new Promise((resolve) => {
    socket.once('connect', () => resolve({ socket }));
    socket.once('connect_error', (err) => {
      socket.close();
      resolve({ refused: err.message });
    });
  });
}

/** A refusal of a connection is fine when it names a code of the closed list (and not `internal`). */
export function refusalProblem(message: string): string | null {
  if (message === 'internal') return 'connection refused with `internal` (a server fault)';
  return (ERROR_CODES as readonly string[]).includes(message) ? null : `connection refused with a message outside the closed list: ${JSON.stringify(message)}`;
}

/** What the server made of one emit. */
export type Outcome =
  | { kind: 'ack'; res: unknown }
  | { kind: 'no-ack' }
  | { kind: 'disconnected' }
  | { kind: 'timeout' }
  | { kind: 'client-refused'; error: string };

const ACK_MS = 5_000;

/** The bytes of the packet socket.io-client writes for these arguments (about; binary counted as JSON). */
export const packetBytes = (event: string, args: unknown[]) => Buffer.byteLength(JSON.stringify([event, ...args]) ?? '') + 32;
export const oversized = (event: string, args: unknown[]) => packetBytes(event, args) > MAX_PACKET_BYTES - 64;

export async function emit(socket: Socket, event: string, args: unknown[], withAck: boolean): Promise<Outcome> {
  if (!socket.connected) return { kind: 'disconnected' };
  try {
    if (!withAck) {
      socket.emit(event, ...args);
      return { kind: 'no-ack' };
    }
    const res = await socket.timeout(ACK_MS).emitWithAck(event, ...args);
    return { kind: 'ack', res };
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    if (/disconnected/.test(message) || !socket.connected) return { kind: 'disconnected' };
    if (/timed out/.test(message)) return { kind: 'timeout' };
    // socket.io-client itself refused (a reserved event name, a value it cannot encode): nothing was sent.
    return { kind: 'client-refused', error: message };
  }
}

/**
 * An acknowledgement is `{ ok: true, … }` or exactly `{ ok: false, error: <closed-list code> }`, plus at most a
 * `reason` string (HTTP's words on which part of a request to fix); `internal` is a server fault.
 */
export function ackProblem(res: unknown): string | null {
  if (!res || typeof res !== 'object' || Array.isArray(res)) return `answer is not an object: ${JSON.stringify(res)}`;
  const r = res as Record<string, unknown>;
  if (r.ok === true) return null;
  if (r.ok !== false) return `answer without ok: ${JSON.stringify(res).slice(0, 300)}`;
  const keys = Object.keys(r).sort().join(',');
  if (keys !== 'error,ok' && !(keys === 'error,ok,reason' && typeof r.reason === 'string')) return `error answer with more than a code: ${JSON.stringify(res).slice(0, 300)}`;
  if (!(ERROR_CODES as readonly string[]).includes(r.error as string)) return `error code outside the closed list: ${JSON.stringify(r.error)}`;
  if (r.error === 'internal') return 'answered `internal` (a server fault; the cause is in the server log)';
  return null;
}

/** A short name for an outcome, for the statistics. */
export function outcomeName(o: Outcome): string {
  if (o.kind !== 'ack') return o.kind;
  const r = o.res as { ok?: unknown; error?: unknown } | null;
  return r && r.ok === true ? 'ok' : r && typeof r.error === 'string' ? r.error : 'odd';
}

export class Stats {
  private readonly counts = new Map<string, number>();
  add(key: string): void {
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
  }
  get(key: string): number {
    return this.counts.get(key) ?? 0;
  }
  keys(): string[] {
    return [...this.counts.keys()];
  }
  print(title: string): void {
    const rows = [...this.counts.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([k, n]) => `  ${String(n).padStart(5)}  ${k}`);
    console.log(`${title}\n${rows.join('\n')}`);
  }
}

// ─── HTTP ─────────────────────────────────────────────────────────────────────────────────────────────

export type HttpResult = { status: number; headers: Record<string, string | string[] | undefined>; body: Buffer } | { error: string };

/** One request with node:http (any method, header and body; fetch would refuse some), from `from`. */
export function httpRequest(
  url: string,
  opts: { method: string; path: string; headers?: Record<string, string>; body?: Buffer; from: string; timeoutMs?: number },
): Promise<HttpResult> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    let settled = false;
    const done = (r: HttpResult) => {
      if (settled) return;
      settled = true;
      resolve(r);
    };
    let req;
    try {
      // A body always goes with its length (node:http sends a GET's body unframed otherwise: malformed HTTP,
      // which the raw-socket cases cover).
      const headers = opts.body ? { ...opts.headers, 'content-length': String(opts.body.length) } : opts.headers;
      req = request({ host: hostname, port, method: opts.method, path: opts.path, headers, localAddress: opts.from, agent: false }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => done({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
        res.on('error', (err) => done({ error: `response: ${(err as NodeJS.ErrnoException).code ?? err.message}` }));
      });
    } catch (err) {
      // node:http refused to send it (an invalid header character, a bad method): nothing reached the server.
      return done({ error: `client: ${(err as NodeJS.ErrnoException).code ?? String(err)}` });
    }
    req.setTimeout(opts.timeoutMs ?? 10_000, () => {
      done({ error: 'timeout' });
      req.destroy();
    });
    req.on('error', (err: NodeJS.ErrnoException) => done({ error: err.code ?? err.message }));
    req.end(opts.body);
  });
}

/** Raw bytes to the port; resolves with what came back once the server closed (or after `ms`). */
export function rawTcp(url: string, bytes: Buffer, from: string, ms = 3_000): Promise<{ reply: string; closed: boolean }> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    const socket = tcpConnect({ host: hostname, port: Number(port), localAddress: from }, () => socket.end(bytes));
    const timer = setTimeout(() => {
      socket.destroy();
      resolve({ reply: Buffer.concat(chunks).toString('latin1'), closed: false });
    }, ms);
    socket.on('data', (c: Buffer) => chunks.push(c));
    socket.on('error', () => {});
    socket.on('close', () => {
      clearTimeout(timer);
      resolve({ reply: Buffer.concat(chunks).toString('latin1'), closed: true });
    });
  });
}

// ─── Memory ───────────────────────────────────────────────────────────────────────────────────────────
// Vitest starts its workers without --expose-gc; V8 lets a running process turn the flag on and hand out
// `gc` in a new context, so the heap can be measured after a full collection without changing the config.

let gcFn: (() => void) | null = null;
export function forceGc(): boolean {
  if (!gcFn) {
    try {
      setFlagsFromString('--expose-gc');
      gcFn = runInNewContext('gc') as () => void;
    } catch {
      return false;
    }
  }
  gcFn();
  gcFn();
  return true;
}

/** heapUsed after a forced collection (or as it is, when that is not possible). */
export async function settledHeap(): Promise<{ heapUsed: number; collected: boolean }> {
  // Let closed sockets' timers and pending callbacks run before measuring.
  await new Promise((r) => setTimeout(r, 200));
  const collected = forceGc();
  return { heapUsed: process.memoryUsage().heapUsed, collected };
}
