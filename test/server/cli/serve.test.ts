import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../../server/config.ts';

const dataDir = mkdtempSync(join(tmpdir(), 'parley-serve-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe('parley serve', () => {
  it('listens, answers, and on SIGTERM closes gracefully with exit code 0', async () => {
    const child = spawn(process.execPath, [join(REPO_ROOT, 'bin/parley.mjs'), 'serve'], {
      cwd: REPO_ROOT,
      env: { ...process.env, PORT: '0', HOST: '127.0.0.1', PARLEY_DATA_DIR: dataDir, LOG_LEVEL: 'info' },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    const logs: Array<{ msg: string; url?: string }> = [];
    const listening = new Promise<string>((resolve, reject) => {
      createInterface({ input: child.stdout! }).on('line', (line) => {
        const entry = JSON.parse(line);
        logs.push(entry);
        if (entry.msg === 'Parley is listening') resolve(entry.url);
      });
      void exited.then(() => reject(new Error('exited before listening')));
    });

    const url = await listening;
    expect(await (await fetch(`${url}/healthz`)).json()).toEqual({ ok: true });
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(logs.map((l) => l.msg)).toContain('Parley stopped');
  });

  it('refuses an invalid environment, naming the variable', async () => {
    const child = spawn(process.execPath, [join(REPO_ROOT, 'bin/parley.mjs'), 'serve'], {
      cwd: REPO_ROOT,
      env: { ...process.env, PORT: 'eighty', PARLEY_DATA_DIR: dataDir },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let err = '';
    child.stderr!.on('data', (d) => (err += d));
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(code).toBe(1);
    expect(err).toContain('PORT');
  });
});
