import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { run } from '../../../server/cli/intents-check.ts';
import { REPO_ROOT } from '../../../server/config.ts';
import { runCli } from '../../support/cli.ts';
import { intentYaml } from '../../support/intents.ts';

const dir = mkdtempSync(join(tmpdir(), 'parley-check-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('parley intents check', () => {
  it('validates the shipped pack and reports accuracy per language, per intent and the confusions', async () => {
    const r = await runCli(run, [join(REPO_ROOT, 'intents'), '--json']);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.out);
    expect(report.valid).toBe(true);
    expect(report.intents).toBeGreaterThanOrEqual(15);
    expect(report.byLang.en.examples).toBeGreaterThanOrEqual(150);
    expect(report.byLang.zh.examples).toBeGreaterThanOrEqual(150);
    expect(report.byIntent.map((i: { id: string }) => i.id)).toContain('order_status');
    expect(report.confusions.length).toBeLessThanOrEqual(5);
  });

  it('prints a readable table', async () => {
    const r = await runCli(run, [join(REPO_ROOT, 'intents')]);
    expect(r.out).toMatch(/intents, all valid/);
    expect(r.out).toMatch(/English +\d+\.\d%/);
    expect(r.out).toMatch(/Chinese +\d+\.\d%/);
  });

  it('exits 1 on a broken file, naming the file and the field', async () => {
    const broken = join(dir, 'broken');
    mkdirSync(broken);
    writeFileSync(join(broken, 'a_one.yaml'), intentYaml('a_one').replace('answer:', 'answer: 5\nignored:'));
    const r = await runCli(run, [broken]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/a_one\.yaml: answer/);
  });
});
