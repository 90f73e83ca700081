import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { REPO_ROOT } from '../../../server/config.ts';
import type { IntentPack } from '../../../server/intents/schema.ts';
import { watchIntentPack, type PackWatcher } from '../../../server/intents/watch.ts';
import { intentYaml } from '../../support/intents.ts';

let dir: string;
let watcher: PackWatcher | null = null;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'parley-watch-'));
  writeFileSync(join(dir, 'a_one.yaml'), intentYaml('a_one'));
});
afterEach(() => {
  watcher?.close();
  watcher = null;
  rmSync(dir, { recursive: true, force: true });
});

/** Starts watching; `next()` resolves at the next reload or error, whichever comes. */
function watchDir() {
  const packs: IntentPack[] = [];
  const errors: string[] = [];
  let wake = () => {};
  watcher = watchIntentPack(dir, {
    onReload: (p) => (packs.push(p), wake()),
    onError: (e) => (errors.push(String((e as Error).message)), wake()),
  });
  const next = () => new Promise<void>((resolve) => (wake = resolve));
  return { packs, errors, next };
}

it('reloads the pack when a file is added, keeps the last good one through a broken edit, and picks up the fix', async () => {
  const seen = watchDir();
  let changed = seen.next();
  writeFileSync(join(dir, 'b_two.yaml'), intentYaml('b_two'));
  await changed;
  expect(seen.errors).toEqual([]);
  expect(seen.packs.at(-1)?.intents.map((i) => i.id)).toEqual(['a_one', 'b_two']);

  changed = seen.next();
  writeFileSync(join(dir, 'b_two.yaml'), intentYaml('b_two').replace(/examples:[^]*?answer:/, 'examples: nope\nanswer:'));
  await changed;
  expect(seen.errors.at(-1)).toMatch(/b_two\.yaml: examples/);
  expect(seen.packs).toHaveLength(1);

  changed = seen.next();
  writeFileSync(join(dir, 'b_two.yaml'), intentYaml('b_two').replace('Answer for b_two.', 'Fixed answer.'));
  await changed;
  expect(seen.packs).toHaveLength(2);
  expect(seen.packs.at(-1)?.intents[1].answer.en).toBe('Fixed answer.');
});

it('lets the process exit once closed, even with an edit waiting to be reloaded', async () => {
  const script = `
    import { writeFileSync } from 'node:fs';
    import { watchIntentPack } from ${JSON.stringify(join(REPO_ROOT, 'server/intents/watch.ts'))};
    const dir = ${JSON.stringify(dir)};
    const w = watchIntentPack(dir, { onReload() { console.log('reloaded'); }, onError(e) { console.log('error', e.message); } });
    writeFileSync(dir + '/a_one.yaml', 'id: a_one\\n');
    setImmediate(() => { w.close(); console.log('closed'); });
  `;
  const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
    cwd: REPO_ROOT,
    timeout: 20_000,
  });
  expect(stdout.trim()).toBe('closed');
});
