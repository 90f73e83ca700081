// `npm run bench:load`: how many visitor messages per second one Parley node (or several) holds, against a
// bare Socket.IO echo server driven the same way in the same run.
//
//   npm run bench:load -- [--rates 400,800] [--seconds 15] [--nodes 1] [--loaders 2] [--root DIR]… [--no-echo]
//
// Every server is a real child process: Parley as `npm start` runs it (bin/parley.mjs serve, the built
// bundle), the echo server as bench/load/echo-server.ts. Each visitor asks a question every 2 s with a
// client id, so a rate of R messages/s is 2R visitors, spread over --loaders load processes
// (bench/load/visitors.ts) and over the nodes. Reported per run: messages acknowledged per second, p50/p99
// of the acknowledgement and of the bot's reply, messages not acknowledged within 10 s, acknowledged but
// never answered, refused (error acks by code), and CPU (% of one core; for a node also its main thread's
// share and that share in milliseconds per message, the figure to cut) and peak RSS of every server and
// load process — a load process near 100% would mean the generator, not the server, is the limit.
//
// The store is whatever the environment says: SQLite in a fresh data directory by default; with
// PARLEY_DATABASE_URL (and PARLEY_REDIS_URL for --nodes 2 and more) the nodes use those, passed through as
// they are. The load comes from loopback, so the nodes exempt it from the per-address limits
// (PARLEY_RATE_LIMIT_EXEMPT); --env NAME=VALUE adds to their environment, --node-arg to node's own flags
// (--node-arg=--cpu-prof --node-arg=--cpu-prof-dir=prof: a profile of each node, written when it stops). --root DIR runs the Parley of
// another checkout (built or not); repeat it to compare versions side by side in one run (before/after).
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { REPO_ROOT } from '../server/config.ts';
import type { LoaderJob, LoaderReport } from './load/messages.ts';

const { values } = parseArgs({
  options: {
    rates: { type: 'string', default: '400,800' },
    seconds: { type: 'string', default: '15' },
    nodes: { type: 'string', default: '1' },
    loaders: { type: 'string', default: '2' },
    root: { type: 'string', multiple: true, default: [REPO_ROOT] },
    'no-echo': { type: 'boolean', default: false },
    env: { type: 'string', multiple: true, default: [] },
    'node-arg': { type: 'string', multiple: true, default: [] },
  },
});
const RATES = values.rates.split(',').map(Number);
const SECONDS = Number(values.seconds);
const NODES = Number(values.nodes);
const LOADERS = Number(values.loaders);
const ROOTS = values.root.map((r) => resolve(r));
const PERIOD_MS = 2000;
/** Extra environment for the Parley nodes: --env PARLEY_X=1 (repeatable). */
const EXTRA_ENV = Object.fromEntries(values.env.map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)]));

interface Proc {
  name: string;
  child: ChildProcess;
  url: string;
  stats: ProcStats;
}

/** CPU ticks and peak RSS of a process from /proc, sampled while a run lasts. */
class ProcStats {
  private ticks0 = 0;
  private at0 = 0;
  peakRssMb = 0;
  cpuPercent = 0;
  /** The main thread's share alone (the event loop: what saturates first); the rest is libuv's pool, GC, workers. */
  mainCpuPercent = 0;
  private mainTicks0 = 0;
  private timer: NodeJS.Timeout | null = null;
  constructor(private readonly pid: number) {}
  private ticks(file = `/proc/${this.pid}/stat`): number {
    const fields = readFileSync(file, 'utf8').split(') ')[1]!.split(' ');
    return Number(fields[11]) + Number(fields[12]); // utime + stime, in clock ticks (100/s)
  }
  private rss(): number {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${this.pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : 0;
  }
  start() {
    this.ticks0 = this.ticks();
    this.mainTicks0 = this.ticks(`/proc/${this.pid}/task/${this.pid}/stat`);
    this.at0 = performance.now();
    this.peakRssMb = this.rss();
    this.timer = setInterval(() => (this.peakRssMb = Math.max(this.peakRssMb, this.rss())), 250);
  }
  stop() {
    if (this.timer) clearInterval(this.timer);
    this.peakRssMb = Math.max(this.peakRssMb, this.rss());
    const elapsed = performance.now() - this.at0;
    this.cpuPercent = ((this.ticks() - this.ticks0) * 10 * 100) / elapsed;
    this.mainCpuPercent = ((this.ticks(`/proc/${this.pid}/task/${this.pid}/stat`) - this.mainTicks0) * 10 * 100) / elapsed;
  }
}

/** Starts a server process and resolves once it logged the URL it listens on. */
function startServer(name: string, cwd: string, args: string[], env: NodeJS.ProcessEnv, listening: string): Promise<Proc> {
  const child = spawn(process.execPath, args, { cwd, env, stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolvePromise, reject) => {
    child.once('exit', (code) => reject(new Error(`${name} exited with code ${code} before listening`)));
    const lines = createInterface({ input: child.stdout! });
    lines.on('line', (line) => {
      let entry: { msg?: string; url?: string };
      try {
        entry = JSON.parse(line);
      } catch {
        return;
      }
      if (entry.msg !== listening || !entry.url) return;
      // From here on the log is drained unread: parsing it would load the bench's own process.
      lines.close();
      child.stdout!.resume();
      resolvePromise({ name, child, url: entry.url.replace('localhost', '127.0.0.1'), stats: new ProcStats(child.pid!) });
    });
  });
}

/** SIGTERM, then SIGKILL if it has not exited within the drain's time and some (a hung bench helps no one). */
function stopServer(p: Proc): Promise<number | null> {
  return new Promise((r) => {
    if (p.child.exitCode !== null) return r(p.child.exitCode);
    const kill = setTimeout(() => p.child.kill('SIGKILL'), 30_000);
    p.child.once('exit', (code) => {
      clearTimeout(kill);
      r(code);
    });
    p.child.kill('SIGTERM');
  });
}

/**
 * The next IPC message of a load process; the channel closing before that is an error, not a hang. (The
 * channel, not the exit: a large report may still be in the pipe when the process has exited.)
 */
function nextMessage(child: ChildProcess): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const closed = () => reject(new Error(`a load process (exit code ${child.exitCode}) closed its channel before reporting`));
    child.once('disconnect', closed);
    child.once('message', (m) => {
      child.off('disconnect', closed);
      resolve(m);
    });
  });
}

async function startParleyNodes(root: string, dataDir: string): Promise<Proc[]> {
  const nodes: Proc[] = [];
  for (let n = 0; n < NODES; n++) {
    const env = {
      ...process.env,
      PORT: '0',
      HOST: '127.0.0.1',
      PARLEY_DATA_DIR: dataDir,
      PARLEY_RATE_LIMIT_EXEMPT: '127.0.0.1,::1',
      // As in production: info lines (a few per message) go to stdout, which the bench reads and drops.
      LOG_LEVEL: 'info',
      ...EXTRA_ENV,
    };
    nodes.push(await startServer(`parley ${n + 1}`, root, [...values['node-arg'], join(root, 'bin/parley.mjs'), 'serve'], env, 'Parley is listening'));
  }
  return nodes;
}

/** Drives `servers` at `rate` messages/s from LOADERS processes; resolves with their merged reports. */
async function drive(servers: Proc[], rate: number) {
  const visitors = Math.round((rate * PERIOD_MS) / 1000);
  const loaders = Array.from({ length: LOADERS }, () =>
    spawn(process.execPath, ['--import', 'tsx', join(REPO_ROOT, 'bench/load/visitors.ts')], { cwd: REPO_ROOT, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] }),
  );
  const share = Math.ceil(visitors / LOADERS);
  await Promise.all(
    loaders.map((l, k) => {
      const job: LoaderJob = { urls: servers.map((s) => s.url), visitors: Math.min(share, visitors - k * share), offset: k * share, seconds: SECONDS, periodMs: PERIOD_MS };
      l.send(job);
      return nextMessage(l);
    }),
  );
  const loaderStats = loaders.map((l) => new ProcStats(l.pid!));
  for (const s of [...servers.map((p) => p.stats), ...loaderStats]) s.start();
  const reports = loaders.map((l) => nextMessage(l) as Promise<LoaderReport>);
  for (const l of loaders) l.send('go');
  await new Promise((r) => setTimeout(r, SECONDS * 1000));
  for (const s of [...servers.map((p) => p.stats), ...loaderStats]) s.stop();
  const all = await Promise.all(reports);
  const merged = {
    sent: sum(all.map((r) => r.sent)),
    ack: all.flatMap((r) => r.ack).sort((a, b) => a - b),
    reply: all.flatMap((r) => r.reply).sort((a, b) => a - b),
    unacked: sum(all.map((r) => r.unacked)),
    unanswered: sum(all.map((r) => r.unanswered)),
    refused: all.reduce<Record<string, number>>((m, r) => {
      for (const [k, v] of Object.entries(r.refused)) m[k] = (m[k] ?? 0) + v;
      return m;
    }, {}),
    handedOff: sum(all.map((r) => r.handedOff)),
    connectFailures: sum(all.map((r) => r.connectFailures)),
    loaderCpu: all.map((r) => r.cpuPercent),
  };
  return { visitors, ...merged };
}

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
const pct = (sorted: number[], p: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]! : NaN);
const ms = (n: number) => (Number.isNaN(n) ? '-' : n < 10 ? n.toFixed(1) : Math.round(n).toString());

type Result = Awaited<ReturnType<typeof drive>> & { label: string; servers: Proc[] };

function print(r: Result) {
  const refused = Object.entries(r.refused).map(([k, v]) => `${k} ${v}`).join(', ') || '0';
  console.log(
    `${r.label.padEnd(26)} ${String(Math.round(r.ack.length / SECONDS)).padStart(5)}/s  ack p50 ${ms(pct(r.ack, 50)).padStart(5)} p99 ${ms(pct(r.ack, 99)).padStart(5)} ms` +
      `  reply p50 ${ms(pct(r.reply, 50)).padStart(5)} p99 ${ms(pct(r.reply, 99)).padStart(5)} ms  sent ${r.sent}  unacked ${r.unacked}  unanswered ${r.unanswered}  refused ${refused}` +
      (r.handedOff ? `  handed off ${r.handedOff}` : '') +
      (r.connectFailures ? `  connect failures ${r.connectFailures}` : ''),
  );
  const perMessage = (percent: number) => (r.ack.length ? ((percent / 100) * SECONDS * 1000) / (r.ack.length / r.servers.length) : NaN);
  for (const s of r.servers) {
    console.log(
      `${''.padEnd(28)}${s.name}: CPU ${Math.round(s.stats.cpuPercent)}% (main thread ${Math.round(s.stats.mainCpuPercent)}%, ${perMessage(s.stats.mainCpuPercent).toFixed(2)} ms per acknowledged message)  peak RSS ${Math.round(s.stats.peakRssMb)} MB`,
    );
  }
  console.log(`${''.padEnd(28)}load processes: CPU ${r.loaderCpu.map((c) => `${Math.round(c)}%`).join(', ')}`);
}

const store = process.env.PARLEY_DATABASE_URL ? 'PostgreSQL' : 'SQLite';
console.log(`${SECONDS} s per run, a question every ${PERIOD_MS / 1000} s per visitor, ${LOADERS} load processes; Parley: ${NODES} node(s) on ${store}${process.env.PARLEY_REDIS_URL ? ' + Redis' : ''}`);
ROOTS.forEach((r, i) => console.log(`  Parley ${String.fromCharCode(65 + i)}: ${r}`));
console.log('');
for (const rate of RATES) {
  if (!values['no-echo']) {
    const echo = await startServer('echo', REPO_ROOT, ['--import', 'tsx', join(REPO_ROOT, 'bench/load/echo-server.ts')], process.env, 'echo listening');
    const r = { label: `echo @ ${rate}/s`, servers: [echo], ...(await drive([echo], rate)) };
    await stopServer(echo);
    print(r);
  }
  for (const [i, root] of ROOTS.entries()) {
    const dataDir = mkdtempSync(join(tmpdir(), 'parley-load-'));
    const nodes = await startParleyNodes(root, dataDir);
    const name = ROOTS.length > 1 ? ` ${String.fromCharCode(65 + i)}` : '';
    const r = { label: `Parley${name} ×${NODES} @ ${rate}/s`, servers: nodes, ...(await drive(nodes, rate)) };
    const codes = await Promise.all(nodes.map(stopServer));
    print(r);
    if (codes.some((c) => c !== 0)) console.log(`${''.padEnd(28)}exit codes after SIGTERM: ${codes.join(', ')}`);
    rmSync(dataDir, { recursive: true, force: true });
  }
}
