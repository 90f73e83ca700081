import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { run } from '../../../server/cli/intents-check.ts';
import { REPO_ROOT } from '../../../server/config.ts';
import { runCli } from '../../support/cli.ts';
import { writePack } from '../../support/bakery-pack.ts';

const root = mkdtempSync(join(tmpdir(), 'parley-check-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const good = writePack(join(root, 'good'));

describe('parley intents check', () => {
  it('reports accuracy per intent and language, overall per language, and the confused pairs, as JSON', async () => {
    const r = await runCli(run, [good, '--json']);
    expect(r).toMatchObject({ code: 0, err: '' });
    const report = JSON.parse(r.out);
    expect(report).toMatchObject({ valid: true, intents: 3, folds: 5, byLang: { en: { examples: 15 }, zh: { examples: 15 } } });
    expect(report.byIntent.map((i: { id: string }) => i.id)).toEqual(['bakery_hours', 'cake_order', 'gluten_free']);
    expect(report.byIntent[0]).toMatchObject({ en: { examples: 5 }, zh: { examples: 5 } });
    expect(report.confusions.length).toBeLessThanOrEqual(5);
    for (const c of report.confusions) expect(Object.keys(c).sort()).toEqual(['count', 'from', 'to']);
    expect((await runCli(run, [good, '--json'])).out).toBe(r.out);
  });

  it('prints a table with a row per intent and an overall row', async () => {
    const r = await runCli(run, [good]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^3 intents in .*good: all valid\./);
    expect(r.out).toMatch(/English +Chinese/);
    for (const id of ['bakery_hours', 'cake_order', 'gluten_free', 'overall']) {
      expect(r.out).toMatch(new RegExp(`^  ${id} +(\\d+\\.\\d% +){2}\\d+ +(\\d+\\.\\d% +){2}\\d+$`, 'm'));
    }
    expect(r.out).toMatch(/Most confused|No intent was mistaken/);
  });

  it('exits 1 on a broken file, naming the file and the field', async () => {
    const broken = writePack(join(root, 'broken'));
    writeFileSync(join(broken, 'cake_order.yaml'), 'id: cake_order\nanswer: 5\n');
    const r = await runCli(run, [broken]);
    expect(r).toMatchObject({ code: 1, out: '' });
    expect(r.err).toMatch(/^parley intents check: .*cake_order\.yaml: title: required/);
  });

  it('exits 1 on a missing folder and on a wrong option', async () => {
    expect((await runCli(run, [join(root, 'nowhere')])).err).toContain('cannot read the folder');
    expect((await runCli(run, [good, '--csv'])).code).toBe(1);
    expect((await runCli(run, [good, good])).code).toBe(1);
  });

  it('runs as the real `parley intents check`, defaulting to PARLEY_INTENTS_DIR', async () => {
    const { stdout } = await promisify(execFile)(process.execPath, [join(REPO_ROOT, 'bin/parley.mjs'), 'intents', 'check', '--json'], {
      env: { ...process.env, PARLEY_INTENTS_DIR: good },
      cwd: REPO_ROOT,
    });
    expect(JSON.parse(stdout)).toMatchObject({ valid: true, intents: 3 });
  });
});
