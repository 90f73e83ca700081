// `npm run bench:statements`: what one visitor message costs the database, counted, not timed (the figures
// do not depend on how busy the machine is). Per message in a live bot conversation — the acknowledged send
// and the bot's answer — it counts the SQL statements the node executes, how many of them it waited for one
// after another (on PostgreSQL each is a round trip; on SQLite every statement is synchronous), the bot
// memories parsed from JSON, the Socket.IO emits to agent consoles and to visitors, and the writes (system
// calls) on PostgreSQL's sockets. Each visitor's first message (which starts its conversation) is shown apart.
//
//   npm run bench:statements -- [--root DIR]… [--pg URL] [--sqlite-only] [--visitors 4] [--messages 9] [--texts]
//
// Each --root is a checkout whose Parley is measured (default: this one); give two (main and a branch) to
// see before/after side by side. --pg (default: PARLEY_DATABASE_URL, else DATABASE_URL) names a PostgreSQL
// server: each run gets a fresh database there, dropped afterwards. --texts lists the statements of the
// steady-state message of each run with how often each ran. The counting lives in bench/statements/probe.ts.
import { fork } from 'node:child_process';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { REPO_ROOT } from '../server/config.ts';
import { createTestDatabase } from '../test/support/postgres.ts';
import type { Counts, ProbeReport } from './statements/probe.ts';

const { values } = parseArgs({
  options: {
    root: { type: 'string', multiple: true, default: [REPO_ROOT] },
    pg: { type: 'string', default: process.env.PARLEY_DATABASE_URL ?? process.env.DATABASE_URL ?? '' },
    'sqlite-only': { type: 'boolean', default: false },
    visitors: { type: 'string', default: '4' },
    messages: { type: 'string', default: '9' },
    texts: { type: 'boolean', default: false },
  },
});
const ROOTS = values.root.map((r) => resolve(r));
const PG = values['sqlite-only'] ? '' : values.pg;

function probe(root: string, databaseUrl: string | null): Promise<ProbeReport> {
  const child = fork(resolve(REPO_ROOT, 'bench/statements/probe.ts'), [], {
    cwd: root,
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, PROBE_ROOT: root, PROBE_VISITORS: values.visitors, PROBE_MESSAGES: values.messages, PROBE_DATABASE_URL: databaseUrl ?? '' },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  return new Promise((res, rej) => {
    child.once('message', (m) => res(m as ProbeReport));
    child.once('exit', (code) => rej(new Error(`probe of ${root} exited with code ${code} before reporting`)));
  });
}

const ROWS: Array<[keyof Counts, string]> = [
  ['statements', 'SQL statements'],
  ['waves', '  waited in sequence'],
  ['botStateParses', 'bot memory JSON.parse'],
  ['agentEmits', 'emits to agent consoles'],
  ['visitorEmits', 'emits to visitors'],
  ['pgWrites', 'PostgreSQL socket writes'],
];
const label = (i: number) => (ROOTS.length > 1 ? String.fromCharCode(65 + i) : '');
const fmt = (x: number) => (Number.isInteger(x) ? String(x) : x.toFixed(2));

console.log(`Per visitor message (acknowledged and answered by the bot), ${values.visitors} visitors × ${values.messages} messages, one at a time`);
ROOTS.forEach((r, i) => console.log(`  ${label(i) || 'Parley'}: ${r}`));
for (const store of PG ? ['SQLite', 'PostgreSQL'] : ['SQLite']) {
  const reports: ProbeReport[] = [];
  for (const root of ROOTS) {
    const db = store === 'PostgreSQL' ? await createTestDatabase('statements', PG) : null;
    try {
      reports.push(await probe(root, db?.url ?? null));
    } finally {
      await db?.drop();
    }
  }
  console.log(`\n${store}${reports.map((r, i) => `  ${label(i)}${label(i) ? ': ' : ''}${r.messages} messages measured${r.handedOff ? `, ${r.handedOff} handed off` : ''}`).join(';')}`);
  console.log(`${''.padEnd(26)}${ROOTS.map((_, i) => `${label(i) || 'steady'}`.padStart(8)).join('')}${ROOTS.length > 1 ? '   ratio' : ''}   first message${ROOTS.length > 1 ? ' ' + ROOTS.map((_, i) => label(i)).join(' / ') : ''}`);
  for (const [key, name] of ROWS) {
    const xs = reports.map((r) => r.steady[key]);
    const ratio = ROOTS.length > 1 && xs[0] ? `   ${(xs[xs.length - 1]! / xs[0]).toFixed(2)}×` : ROOTS.length > 1 ? '       -' : '';
    console.log(`${name.padEnd(26)}${xs.map((x) => fmt(x).padStart(8)).join('')}${ratio}   ${reports.map((r) => fmt(r.first[key])).join(' / ')}`);
  }
  if (values.texts) {
    reports.forEach((r, i) => {
      console.log(`\n  statements per steady message${label(i) ? ` (${label(i)})` : ''}:`);
      for (const [text, n] of r.texts) console.log(`  ${fmt(n).padStart(6)}  ${text}`);
    });
  }
}
