import { parseArgs } from 'node:util';
import { processConfig } from '../config.ts';
import { crossValidate } from '../intents/cross-validate.ts';
import { IntentPackError } from '../intents/errors.ts';
import { loadIntentPack } from '../intents/load.ts';
import type { CliCommand } from './io.ts';

const USAGE = `Usage: parley intents check [PATH] [--json]

Validates an intents folder (default: PARLEY_INTENTS_DIR or the shipped pack), then reports 5-fold
cross-validated accuracy per intent and per language, and the most confusable pairs.
Exits with 1 when a file is broken, naming the file and the field.
`;

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

export const run: CliCommand = async (args, io) => {
  let values: { json?: boolean; help?: boolean };
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({ args, options: { json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } }, allowPositionals: true }));
  } catch (err) {
    io.stderr.write(`parley intents check: ${(err as Error).message}\n\n${USAGE}`);
    return 1;
  }
  if (values.help) {
    io.stdout.write(USAGE);
    return 0;
  }
  const dir = positionals[0] ?? processConfig().intentsDir;
  let pack;
  try {
    pack = await loadIntentPack(dir);
  } catch (err) {
    if (!(err instanceof IntentPackError)) throw err;
    io.stderr.write(`parley intents check: ${err.message}\n`);
    return 1;
  }
  const cv = crossValidate(pack);
  if (values.json) {
    io.stdout.write(JSON.stringify({ valid: true, intents: pack.intents.length, ...cv }) + '\n');
    return 0;
  }
  const width = Math.max(...pack.intents.map((i) => i.id.length), 6);
  const lines = [
    `${pack.intents.length} intents, all valid.`,
    '',
    `${cv.folds}-fold cross-validated accuracy (an "I don't know" counts as wrong):`,
    `  English  ${pct(cv.byLang.en.accuracy)} of ${cv.byLang.en.examples} examples`,
    `  Chinese  ${pct(cv.byLang.zh.accuracy)} of ${cv.byLang.zh.examples} examples`,
    '',
    ...cv.byIntent.map((i) => `  ${i.id.padEnd(width)}  ${pct(i.accuracy).padStart(6)}  (${i.examples})`),
    '',
    cv.confusions.length ? 'Most confused (expected → answered, times):' : 'No confusions.',
    ...cv.confusions.map((c) => `  ${c.from} → ${c.to}  ${c.count}`),
    '',
  ];
  io.stdout.write(lines.join('\n'));
  return 0;
};
