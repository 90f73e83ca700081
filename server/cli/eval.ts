import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { trainMatcher } from '../bot/matcher.ts';
import { parseLabelledCsv } from '../eval/csv.ts';
import { evaluate } from '../eval/metrics.ts';
import type { CliCommand } from './io.ts';

const USAGE = `Usage: parley eval --train FILE --test FILE [--json]

Trains the intent matcher on a CSV text,label and tests it on another, at the product's own thresholds.
Label "oos" in the test file means "no intent should match". Prints in-scope accuracy, out-of-scope
recall and precision, macro-F1, top-1 accuracy (the best intent, with no threshold: what papers report),
training time and classification time per message (p50, p99).
`;

const pct = (x: number | null) => (x === null ? 'n/a' : `${(x * 100).toFixed(1)}%`);

export const run: CliCommand = async (args, io) => {
  let values: { train?: string; test?: string; json?: boolean; help?: boolean };
  try {
    ({ values } = parseArgs({ args, options: { train: { type: 'string' }, test: { type: 'string' }, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } } }));
  } catch (err) {
    io.stderr.write(`parley eval: ${(err as Error).message}\n\n${USAGE}`);
    return 1;
  }
  if (values.help) {
    io.stdout.write(USAGE);
    return 0;
  }
  if (!values.train || !values.test) {
    io.stderr.write(`parley eval: --train and --test are required\n\n${USAGE}`);
    return 1;
  }
  let train, test;
  try {
    train = parseLabelledCsv(await readFile(values.train, 'utf8'), values.train);
    test = parseLabelledCsv(await readFile(values.test, 'utf8'), values.test);
  } catch (err) {
    io.stderr.write(`parley eval: ${(err as Error).message}\n`);
    return 1;
  }
  const t0 = performance.now();
  const matcher = trainMatcher(train);
  const trainMs = performance.now() - t0;
  const report = { train: train.length, intents: matcher.labels.length, trainMs: Math.round(trainMs), ...evaluate(matcher, test) };

  if (values.json) {
    io.stdout.write(JSON.stringify(report) + '\n');
    return 0;
  }
  io.stdout.write(
    [
      `trained on ${report.train} examples, ${report.intents} intents, in ${report.trainMs} ms`,
      `tested on ${report.examples} messages (${report.inScope} in scope, ${report.outOfScope} out of scope)`,
      `in-scope accuracy     ${pct(report.inScopeAccuracy)}  (right intent, confident enough to answer)`,
      `top-1 accuracy        ${pct(report.top1Accuracy)}  (best intent right, whatever its confidence)`,
      `out-of-scope recall   ${pct(report.oosRecall)}`,
      `out-of-scope precision ${pct(report.oosPrecision)}`,
      `macro-F1              ${pct(report.macroF1)}`,
      `classify p50 / p99    ${report.classifyP50.toFixed(3)} / ${report.classifyP99.toFixed(3)} ms`,
      '',
    ].join('\n'),
  );
  return 0;
};
