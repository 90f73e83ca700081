import { parseArgs } from 'node:util';
import { ANSWER_THRESHOLD } from '../bot/thresholds.ts';
import { processConfig } from '../config.ts';
import { crossValidate, type CrossValidation, type Score } from '../intents/cross-validate.ts';
import { IntentPackError } from '../intents/errors.ts';
import { loadIntentPack } from '../intents/load.ts';
import type { CliCommand } from './io.ts';

const USAGE = `Usage: parley intents check [PATH] [--json]

Validates an intents folder (default: PARLEY_INTENTS_DIR or the shipped pack), then reports 5-fold
cross-validated accuracy per intent and per language, and the most confusable pairs.
Exits with 1 when a file is broken, naming the file and the field.
`;

const FOLDS = 5;

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

function table(dir: string, intents: number, cv: CrossValidation): string {
  const width = Math.max(...cv.byIntent.map((i) => i.id.length), 'intent'.length);
  const cells = (s: Score) => `${pct(s.accuracy).padStart(8)} ${pct(s.answered).padStart(8)} ${String(s.examples).padStart(4)}`;
  const both = (label: string, en: Score, zh: Score) => `  ${label.padEnd(width)}  ${cells(en)}    ${cells(zh)}`;
  return [
    `${intents} intents in ${dir}: all valid.`,
    '',
    `${cv.folds}-fold cross-validated accuracy. "matched": the best-ranked intent is the right one;`,
    `"answered": also confident enough (>= ${ANSWER_THRESHOLD}) for the bot to answer with it.`,
    '',
    `  ${''.padEnd(width)}  ${' English'.padEnd(22)}     Chinese`,
    `  ${'intent'.padEnd(width)}   matched answered    n     matched answered    n`,
    ...cv.byIntent.map((i) => both(i.id, i.en, i.zh)),
    `  ${'-'.repeat(width + 2 + 22 + 4 + 22)}`,
    both('overall', cv.byLang.en, cv.byLang.zh),
    '',
    cv.confusions.length ? 'Most confused (expected → matched instead, times):' : 'No intent was mistaken for another.',
    ...cv.confusions.map((c) => `  ${c.from} → ${c.to}  ${c.count}`),
    '',
  ].join('\n');
}

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
  if (positionals.length > 1) {
    io.stderr.write(`parley intents check: one folder at most, got ${positionals.length}\n\n${USAGE}`);
    return 1;
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
  const cv = crossValidate(pack, FOLDS);
  io.stdout.write(
    values.json ? JSON.stringify({ valid: true, dir, intents: pack.intents.length, answerThreshold: ANSWER_THRESHOLD, ...cv }) + '\n' : table(dir, pack.intents.length, cv),
  );
  return 0;
};
