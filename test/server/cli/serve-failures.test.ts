import { spawn } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, openSync, rmSync, writeFileSync, writeSync, closeSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../../server/config.ts';
import { createSqliteStore } from '../../../server/store/sqlite.ts';

// `parley serve` on broken ground: each failure ends at once with exit code 1 and one line on stderr that
// names the file or setting and says what to do — no stack trace, no hang, no server that starts anyway.

const root = mkdtempSync(join(tmpdir(), 'parley-serve-failures-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let dirs = 0;
const freshDir = () => {
  const dir = join(root, `d${++dirs}`);
  mkdirSync(dir);
  return dir;
};

/** Runs `parley serve`; resolves with its exit code and stderr (killed after `ms`: a hang is a failure too). */
function serve(env: Record<string, string>, ms = 20_000): Promise<{ code: number | null; err: string; hung: boolean }> {
  const child = spawn(process.execPath, [join(REPO_ROOT, 'bin/parley.mjs'), 'serve'], {
    cwd: REPO_ROOT,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent', ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let err = '';
  child.stderr!.on('data', (d) => (err += d));
  let hung = false;
  const timer = setTimeout(() => {
    hung = true;
    child.kill('SIGKILL');
  }, ms);
  return new Promise((resolve) =>
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, err, hung });
    }),
  );
}

function expectOneLine(r: { code: number | null; err: string; hung: boolean }, ...named: string[]) {
  expect(r.hung, 'the process hung').toBe(false);
  expect(r.code).toBe(1);
  const lines = r.err.trim().split('\n');
  expect(lines, r.err).toHaveLength(1);
  expect(lines[0]).toMatch(/^parley: /);
  for (const n of named) expect(lines[0]).toContain(n);
  expect(lines[0]).not.toMatch(/\bat .+:\d+:\d+/);
}

describe('parley serve refuses to start, in one line,', () => {
  it('on a data base file that is not SQLite', async () => {
    const dir = freshDir();
    writeFileSync(join(dir, 'parley.db'), 'this was a database once'.repeat(200));
    expectOneLine(await serve({ PARLEY_DATA_DIR: dir }), join(dir, 'parley.db'), 'PARLEY_DB_FILE', 'backup');
  });

  it('on a damaged SQLite file (found by the integrity check, not by the first chat)', async () => {
    const dir = freshDir();
    const file = join(dir, 'parley.db');
    const store = createSqliteStore({ file });
    for (let i = 0; i < 200; i++) await store.createVisitor();
    await store.close();
    // Page 2 is the visitors table's root: scribble over it, header and schema intact.
    const fd = openSync(file, 'r+');
    writeSync(fd, Buffer.alloc(4096, 0x5a), 0, 4096, 4096);
    closeSync(fd);
    expectOneLine(await serve({ PARLEY_DATA_DIR: dir }), file, 'damaged');
  });

  it('on a data directory it cannot write', async () => {
    // Root writes anywhere a permission bit forbids; sysfs refuses even root.
    let dir = '/sys/kernel';
    if (process.getuid?.() !== 0) {
      dir = freshDir();
      chmodSync(dir, 0o500);
    }
    expectOneLine(await serve({ PARLEY_DATA_DIR: dir }), 'PARLEY_DATA_DIR', dir, 'not writable');
  });

  it('on a data directory that cannot be created, without spinning (PARLEY_DATA_DIR=/proc/x)', async () => {
    expectOneLine(await serve({ PARLEY_DATA_DIR: '/proc/parley-x' }), 'PARLEY_DATA_DIR', '/proc/parley-x');
  });

  it('on a port in use', async () => {
    const taken: Server = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const port = (taken.address() as { port: number }).port;
    try {
      expectOneLine(await serve({ PARLEY_DATA_DIR: freshDir(), PORT: String(port) }), `PORT ${port}`, 'in use');
    } finally {
      taken.close();
    }
  });

  it.each([
    ['an address of another machine', '203.0.113.7'],
    ['a name that does not resolve', 'no-such-host.invalid'],
  ])('on a HOST that is %s', async (_what, host) => {
    expectOneLine(await serve({ PARLEY_DATA_DIR: freshDir(), HOST: host }), `HOST ${host}`);
  });

  it('on a missing intents folder', async () => {
    const missing = join(root, 'no-intents-here');
    expectOneLine(await serve({ PARLEY_DATA_DIR: freshDir(), PARLEY_INTENTS_DIR: missing }), 'PARLEY_INTENTS_DIR', 'no-intents-here');
  });

  it('on a Redis that does not answer, naming where without its password', async () => {
    // Port 1: nothing listens there; the start gives Redis 10 s, then says so.
    const r = await serve({ PARLEY_DATA_DIR: freshDir(), PARLEY_REDIS_URL: 'redis://:s3cret@127.0.0.1:1' }, 30_000);
    expectOneLine(r, 'PARLEY_REDIS_URL', '127.0.0.1:1');
    expect(r.err).not.toContain('s3cret');
  }, 40_000);
});
