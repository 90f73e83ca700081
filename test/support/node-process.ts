import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { REPO_ROOT } from '../../server/config.ts';

export interface LogEntry {
  level: number;
  msg: string;
  [key: string]: unknown;
}

/** A real `parley serve` process, with the log lines it printed so far. */
export interface NodeProcess {
  url: string;
  child: ChildProcess;
  logs: LogEntry[];
  /** Resolves with the exit code (null when killed by a signal). */
  exited: Promise<number | null>;
  /** Sends the signal and waits for the process to end. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
  /** The first log line matching `test`, already printed or still to come. */
  waitForLog(test: (entry: LogEntry) => boolean, ms?: number): Promise<LogEntry>;
}

const parleyBin = join(REPO_ROOT, 'bin/parley.mjs');

/**
 * Environment for a child node: the parent's, minus anything PARLEY_* it may carry (a node's store and
 * Redis are what the test says, never the developer's shell), plus the test's.
 */
function childEnv(env: Record<string, string>): NodeJS.ProcessEnv {
  const base = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('PARLEY_')));
  // Like test/support/server.ts: loopback clients are exempt from per-address limits, and a busy machine's
  // event-loop delay never turns a test's message away.
  return { ...base, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info', PARLEY_RATE_LIMIT_EXEMPT: 'loopback', PARLEY_MAX_LAG_MS: '0', ...env };
}

/** Starts `parley serve` with `env` (PARLEY_DATA_DIR, PARLEY_DATABASE_URL, PORT, …) and waits until it listens. */
export function startNodeProcess(env: Record<string, string>, opts: { startMs?: number } = {}): Promise<NodeProcess> {
  const child = spawn(process.execPath, [parleyBin, 'serve'], { cwd: REPO_ROOT, env: childEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
  const logs: LogEntry[] = [];
  const waiters = new Set<() => void>();
  let stderr = '';
  child.stderr!.on('data', (d) => (stderr += d));
  createInterface({ input: child.stdout! }).on('line', (line) => {
    try {
      logs.push(JSON.parse(line) as LogEntry);
    } catch {
      logs.push({ level: 30, msg: line });
    }
    for (const w of [...waiters]) w();
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));

  const waitForLog = (test: (entry: LogEntry) => boolean, ms = 20_000) =>
    new Promise<LogEntry>((resolve, reject) => {
      const check = () => {
        const hit = logs.find(test);
        if (!hit) return false;
        waiters.delete(check);
        clearTimeout(timer);
        resolve(hit);
        return true;
      };
      const timer = setTimeout(() => {
        waiters.delete(check);
        reject(new Error(`no matching log line within ${ms} ms; last lines: ${logs.slice(-5).map((l) => l.msg).join(' | ')}; stderr: ${stderr.slice(-500)}`));
      }, ms);
      if (!check()) waiters.add(check);
    });

  return new Promise((resolve, reject) => {
    void exited.then((code) => reject(new Error(`parley serve exited (${code}) before listening: ${stderr.slice(-1000)}`)));
    waitForLog((l) => l.msg === 'Parley is listening', opts.startMs ?? 30_000).then(
      (entry) =>
        resolve({
          url: entry.url as string,
          child,
          logs,
          exited,
          waitForLog,
          stop(signal = 'SIGTERM') {
            if (child.exitCode === null && child.signalCode === null) child.kill(signal);
            return exited;
          },
        }),
      reject,
    );
  });
}

/** Runs a `parley` command (e.g. `agent add …`) in its own process with `env`; resolves with its exit code and output. */
export function runParley(args: string[], env: Record<string, string>): Promise<{ code: number | null; out: string; err: string }> {
  const child = spawn(process.execPath, [parleyBin, ...args], { cwd: REPO_ROOT, env: childEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (err += d));
  return new Promise((resolve) => child.on('exit', (code) => resolve({ code, out, err })));
}
