import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { run } from '../../../server/cli/eval.ts';
import { runCli } from '../../support/cli.ts';

const dir = mkdtempSync(join(tmpdir(), 'parley-eval-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const rows = (label: string, texts: string[]) => texts.map((t) => `"${t}",${label}`).join('\n');
const train = join(dir, 'train.csv');
const test = join(dir, 'test.csv');
writeFileSync(
  train,
  `text,label\n${rows('weather', ['will it rain tomorrow', 'weather forecast for today', 'is it sunny outside', 'how cold is it this morning'])}\n${rows('alarm', ['set an alarm for 7', 'wake me up at six', 'alarm for tomorrow morning', 'cancel my alarm'])}\n`,
);
writeFileSync(test, `text,label\n${rows('weather', ['is it going to rain'])}\n${rows('alarm', ['set an alarm for 8'])}\n${rows('oos', ['translate cat into french'])}\n`);

describe('parley eval', () => {
  it('prints accuracy, out-of-scope figures, macro-F1 and timings', async () => {
    const r = await runCli(run, ['--train', train, '--test', test]);
    expect(r.code).toBe(0);
    for (const label of ['in-scope accuracy', 'top-1 accuracy', 'out-of-scope recall', 'out-of-scope precision', 'macro-F1', 'classify p50 / p99', 'trained on 8 examples, 2 intents']) {
      expect(r.out).toContain(label);
    }
  });

  it('prints one JSON object with --json', async () => {
    const r = await runCli(run, ['--train', train, '--test', test, '--json']);
    const report = JSON.parse(r.out);
    expect(report).toMatchObject({ train: 8, intents: 2, examples: 3, inScope: 2, outOfScope: 1 });
    expect(report.inScopeAccuracy).toBe(1);
    for (const k of ['top1Accuracy', 'oosRecall', 'oosPrecision', 'macroF1', 'classifyP50', 'classifyP99', 'trainMs']) expect(report).toHaveProperty(k);
  });

  it('refuses to run without both files', async () => {
    const r = await runCli(run, ['--train', train]);
    expect(r.code).toBe(1);
    expect(r.err).toContain('--train and --test are required');
  });
});
