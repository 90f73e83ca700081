// `npm run bench:matcher`: Parley's intent matcher against a baseline, side by side in one run.
//
// Baseline: plain TF-IDF over unstemmed word unigrams, the same softmax regression, temperature 1, no
// nearest-example score, no synonyms, no calibration (confidence = softmax probability). Both are
// measured at the product's own ANSWER_THRESHOLD (thresholds.ts).
//
// Public sets (Banking77, CLINC150; text,label CSV, label "oos" = should not match) are read at run time
// from PARLEY_EVAL_DIR (default /work/shared/eval); they are not part of the project. Our own pack is
// measured when intents/*.yaml and bench/data/pack-heldout.csv (text,label,lang) exist, with the questions
// of bench/data/pack-oos.csv (text,lang) as out of scope.
//
// `--pack` measures the shipped pack only. `--choose` re-derives TEMPERATURE, CALIBRATION, ANSWER_THRESHOLD and CLARIFY_MARGIN on CLINC150 val.csv
// by the rules written in server/bot/thresholds.ts, and prints them (it does not write the file).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_MATCHER, trainMatcher, type Matcher, type MatcherOptions, type TrainingExample } from '../server/bot/matcher.ts';
import { ANSWER_THRESHOLD, CLARIFY_MARGIN, TEMPERATURE } from '../server/bot/thresholds.ts';
import { createBot, packExamples } from '../server/bot/create-bot.ts';
import { parseCsv, parseLabelledCsv } from '../server/eval/csv.ts';
import { evaluate, OOS, percentile, type EvalReport } from '../server/eval/metrics.ts';
import { chooseCalibration } from '../server/eval/calibrate.ts';
import { loadIntentPack } from '../server/intents/load.ts';
import { normalize } from '../server/bot/normalize.ts';
import { MAX_MESSAGE_CHARS } from '../protocol/index.ts';
import { LONGEST_MESSAGES } from './longest-messages.ts';

const EVAL_DIR = process.env.PARLEY_EVAL_DIR ?? '/work/shared/eval';
const ROOT = fileURLToPath(new URL('..', import.meta.url));

const BASELINE: MatcherOptions = {
  features: { stem: false, bigrams: false, charMin: 0, charMax: 0, hanMax: 0, wordWeight: 1, crossWord: false, synonyms: 0 },
  softmax: DEFAULT_MATCHER.softmax,
  nearest: 0,
  temperature: 1,
  calibration: null,
};

const load = (rel: string): TrainingExample[] => parseLabelledCsv(readFileSync(join(EVAL_DIR, rel), 'utf8'), rel);

interface Row extends EvalReport {
  name: string;
  model: string;
  trainMs: number;
  mb: number;
  /** In-scope accuracy at the threshold that declines exactly 80% of this test set's out-of-scope messages. */
  at80: number | null;
}

/**
 * An oracle for reference, not a result: the in-scope accuracy if the threshold were picked on the test set
 * itself to decline 80% of its out-of-scope messages. It shows how far the confidence can separate the two
 * whatever the threshold, so a shortfall can be told apart from an unlucky threshold.
 */
function at80(m: Matcher, test: TrainingExample[]): number | null {
  const seen = test.map((e) => {
    const best = m.classify(e.text).ranked[0];
    return { oos: e.label === OOS, right: best?.intent === e.label, c: best?.confidence ?? 0 };
  });
  const oos = seen.filter((s) => s.oos).map((s) => s.c).sort((a, b) => a - b);
  if (oos.length === 0) return null;
  const th = oos[Math.ceil(0.8 * oos.length) - 1];
  const inScope = seen.filter((s) => !s.oos);
  return inScope.filter((s) => s.right && s.c > th).length / inScope.length;
}

function measure(name: string, model: string, opts: MatcherOptions, train: TrainingExample[], test: TrainingExample[]): Row {
  const t0 = performance.now();
  const m = trainMatcher(train, opts);
  const trainMs = performance.now() - t0;
  return { name, model, trainMs, mb: m.bytes / 1e6, at80: at80(m, test), ...evaluate(m, test) };
}

const pct = (x: number | null) => (x === null ? '   n/a' : `${(x * 100).toFixed(1).padStart(5)}%`);

function print(rows: Row[]): void {
  const head = ['set', 'model', 'top-1', 'in-scope', 'oos rec', 'oos prec', 'macro-F1', 'in@80 oracle', 'train ms', 'p50 ms', 'p99 ms', 'MB'];
  const lines = rows.map((r) => [
    r.name,
    r.model,
    pct(r.top1Accuracy),
    pct(r.inScopeAccuracy),
    pct(r.oosRecall),
    pct(r.oosPrecision),
    pct(r.macroF1),
    pct(r.at80),
    r.trainMs.toFixed(0),
    r.classifyP50.toFixed(3),
    r.classifyP99.toFixed(3),
    r.mb.toFixed(1),
  ]);
  const width = head.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i].length)));
  const fmt = (l: string[]) => l.map((c, i) => (i < 2 ? c.padEnd(width[i]) : c.padStart(width[i]))).join('  ');
  console.log(fmt(head));
  for (const l of lines) console.log(fmt(l));
}

/** Training time for a pack the size of a large merchant's: 50 intents × 20 examples (from CLINC150 train). */
function trainSpeed(train: TrainingExample[]): string {
  const per = new Map<string, TrainingExample[]>();
  for (const e of train) {
    const list = per.get(e.label) ?? [];
    if (list.length < 20) per.set(e.label, [...list, e]);
  }
  const subset = [...per.values()].slice(0, 50).flat();
  const times = [0, 1, 2].map(() => {
    const t0 = performance.now();
    trainMatcher(subset);
    return performance.now() - t0;
  });
  return `train 50 intents × 20 examples (${subset.length}): best of 3 ${Math.min(...times).toFixed(0)} ms`;
}

async function packReport(): Promise<void> {
  const heldout = join(ROOT, 'bench/data/pack-heldout.csv');
  const dir = join(ROOT, 'intents');
  if (!existsSync(dir) || !readdirSync(dir).some((f) => /\.ya?ml$/.test(f)) || !existsSync(heldout)) {
    console.log('\nshipped pack: skipped (needs intents/*.yaml and bench/data/pack-heldout.csv)');
    return;
  }
  const pack = await loadIntentPack(dir);
  const rows = parseCsv(readFileSync(heldout, 'utf8'));
  const header = rows[0].map((h) => h.trim().toLowerCase());
  const [ti, li, gi] = ['text', 'label', 'lang'].map((k) => header.indexOf(k));
  const test = rows.slice(1).filter((r) => r.length > 2).map((r) => ({ text: r[ti], label: r[li].trim(), lang: r[gi].trim() as 'en' | 'zh' }));
  // Questions no intent answers (bench/data/pack-oos.csv, text,lang): the bot should say it does not know.
  const oosFile = join(ROOT, 'bench/data/pack-oos.csv');
  if (existsSync(oosFile)) {
    const oosRows = parseCsv(readFileSync(oosFile, 'utf8'));
    const oh = oosRows[0].map((h) => h.trim().toLowerCase());
    const [oti, ogi] = ['text', 'lang'].map((k) => oh.indexOf(k));
    for (const r of oosRows.slice(1)) if (r.length > 1) test.push({ text: r[oti], label: 'oos', lang: r[ogi].trim() as 'en' | 'zh' });
  }
  // Held out means not trained on: a message that is also one of the pack's examples (punctuation and case
  // aside) is left out, so an example added to the pack later cannot inflate the figure.
  const key = (text: string) => normalize(text).replace(/[^\p{L}\p{N}]+/gu, '');
  const trained = new Set(packExamples(pack).map((e) => key(e.text)));
  const fresh = test.filter((e) => !trained.has(key(e.text)));
  console.log(
    `\nshipped pack: ${pack.intents.length} intents, held-out bench/data/pack-heldout.csv + pack-oos.csv (${fresh.length} messages; ${test.length - fresh.length} left out as they are also pack examples)`,
  );
  // The product's matcher, trained once: measured here and timed below.
  const matcher = trainMatcher(packExamples(pack));
  for (const [model, m] of [['parley', matcher], ['baseline', trainMatcher(packExamples(pack), BASELINE)]] as const) {
    const parts: string[] = [];
    for (const lang of ['en', 'zh'] as const) {
      const sub = fresh.filter((e) => e.lang === lang);
      if (sub.length === 0) continue;
      const r = evaluate({ labels: m.labels, bytes: m.bytes, classify: (text) => m.classify(text, lang) }, sub);
      parts.push(`${lang}: in-scope ${pct(r.inScopeAccuracy)} (${r.inScope})  oos recall ${pct(r.oosRecall)} (${r.outOfScope})`);
    }
    console.log(`  ${model.padEnd(8)}  ${parts.join('   ')}`);
  }
  // What the bot spends per visitor message, intent + frustration + priority, beside the matcher alone.
  const bot = createBot(pack);
  const timed = (f: (e: (typeof fresh)[number]) => unknown) => {
    for (const e of fresh.slice(0, 200)) f(e);
    const times = fresh.map((e) => {
      const t0 = performance.now();
      f(e);
      return performance.now() - t0;
    });
    times.sort((a, b) => a - b);
    return `p50 ${percentile(times, 50).toFixed(3)} ms, p99 ${percentile(times, 99).toFixed(3)} ms`;
  };
  console.log(`  matcher alone:                                      ${timed((e) => matcher.classify(e.text, e.lang))}`);
  console.log(`  whole analysis (intent + frustration + priority):   ${timed((e) => bot.analyze(e.text, { locale: e.lang }))}`);
  const longest = LONGEST_MESSAGES;
  const worst = (f: (text: string) => unknown) =>
    Math.max(
      ...longest.map((text) => {
        for (let i = 0; i < 3; i++) f(text);
        const t0 = performance.now();
        f(text);
        return performance.now() - t0;
      }),
    ).toFixed(2);
  console.log(`  longest messages (${MAX_MESSAGE_CHARS} characters, ${longest.length} shapes), slowest: matcher ${worst((t) => matcher.classify(t))} ms, whole analysis ${worst((t) => bot.analyze(t))} ms`);
}

async function main(): Promise<void> {
  if (!existsSync(EVAL_DIR) || process.argv.includes('--pack')) {
    if (!existsSync(EVAL_DIR)) console.log(`No public evaluation sets at ${EVAL_DIR} (set PARLEY_EVAL_DIR).`);
    await packReport();
    return;
  }
  if (process.argv.includes('--choose')) {
    const c = chooseCalibration(load('clinc150/train.csv'), load('clinc150/val.csv'));
    console.log(`CLINC150 val.csv: TEMPERATURE ${c.temperature}, CALIBRATION [${c.weights.join(', ')}], ANSWER_THRESHOLD ${c.threshold}, CLARIFY_MARGIN ${c.margin}`);
    console.log(`  at these: val in-scope ${pct(c.inScopeAccuracy)}, oos recall ${pct(c.oosRecall)}`);
    return;
  }
  console.log(`thresholds: ANSWER_THRESHOLD ${ANSWER_THRESHOLD}, CLARIFY_MARGIN ${CLARIFY_MARGIN}, TEMPERATURE ${TEMPERATURE}\n`);
  const sets: Array<[string, string, string]> = [
    ['Banking77 10-shot', 'banking77/train-10shot.csv', 'banking77/test.csv'],
    ['CLINC150 10-shot', 'clinc150/train-10shot.csv', 'clinc150/test.csv'],
    ['CLINC150 full', 'clinc150/train.csv', 'clinc150/test.csv'],
  ];
  const rows: Row[] = [];
  for (const [name, train, test] of sets) {
    const tr = load(train);
    const te = load(test);
    rows.push(measure(name, 'parley', DEFAULT_MATCHER, tr, te), measure(name, 'baseline', BASELINE, tr, te));
  }
  print(rows);
  console.log('\ntop-1: best intent, no threshold. in-scope: right intent at or above ANSWER_THRESHOLD (declining counts as wrong).');
  console.log('in@80 oracle: in-scope accuracy at the threshold chosen on the test set to decline 80% of its out-of-scope messages (reference only).');
  console.log(trainSpeed(load('clinc150/train.csv')));
  await packReport();
}

await main();
