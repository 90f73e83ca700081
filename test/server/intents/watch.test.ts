import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
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
  rmSync(dir, { recursive: true, force: true });
});

function collect() {
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

it('reloads the pack when a file is added, and reports a broken edit without a new pack', async () => {
  const seen = collect();
  let changed = seen.next();
  writeFileSync(join(dir, 'b_two.yaml'), intentYaml('b_two'));
  await changed;
  expect(seen.packs.at(-1)?.intents.map((i) => i.id)).toEqual(['a_one', 'b_two']);

  changed = seen.next();
  writeFileSync(join(dir, 'b_two.yaml'), 'id: b_two\nexamples: nope\n');
  await changed;
  expect(seen.errors.at(-1)).toContain('b_two.yaml');
  expect(seen.packs).toHaveLength(1);
});
