import { execFile } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../../server/config.ts';

// bin/parley.mjs runs the built server when it is up to date, and the TypeScript sources otherwise: a
// fresh clone works without a build, and an edit made after the build is never hidden by a stale bundle.
// A stand-in tree (the real launcher, a bundle and sources that only say which one ran) shows the choice.

const root = mkdtempSync(join(tmpdir(), 'parley-launcher-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

mkdirSync(join(root, 'bin'));
mkdirSync(join(root, 'server'));
copyFileSync(join(REPO_ROOT, 'bin/parley.mjs'), join(root, 'bin/parley.mjs'));
symlinkSync(join(REPO_ROOT, 'node_modules'), join(root, 'node_modules'));
writeFileSync(join(root, 'package.json'), '{ "type": "module" }\n');
writeFileSync(join(root, 'server/cli.ts'), "export async function main(): Promise<number> { console.log('sources'); return 0; }\n");

const bundle = () => {
  mkdirSync(join(root, 'dist'), { recursive: true });
  writeFileSync(join(root, 'dist/server.mjs'), "export async function main() { console.log('bundle'); return 0; }\n");
  writeFileSync(join(root, 'dist/server-inputs.json'), JSON.stringify({ outputs: ['server.mjs'], inputs: ['server/cli.ts'] }));
};
const age = (file: string, secondsAgo: number) => {
  const t = Date.now() / 1000 - secondsAgo;
  utimesSync(join(root, file), t, t);
};
const run = async () => {
  const { stdout, stderr } = await promisify(execFile)(process.execPath, [join(root, 'bin/parley.mjs')], { cwd: root });
  return { ran: stdout.trim(), said: stderr };
};

describe('the parley launcher', () => {
  it('runs the sources through tsx when there is no build, without a word', async () => {
    expect(await run()).toEqual({ ran: 'sources', said: '' });
  });

  it('runs the bundle when it is newer than every source it was built from', async () => {
    bundle();
    age('server/cli.ts', 60);
    expect(await run()).toEqual({ ran: 'bundle', said: '' });
  });

  it('runs the sources, and says why, when a source changed after the build', async () => {
    bundle();
    age('dist/server.mjs', 60);
    age('server/cli.ts', 0);
    const { ran, said } = await run();
    expect(ran).toBe('sources');
    expect(said).toContain('server/cli.ts changed since dist/server.mjs was built');
  });
});
