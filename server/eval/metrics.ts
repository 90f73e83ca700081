import type { Matcher, TrainingExample } from '../bot/matcher.ts';
import { ANSWER_THRESHOLD } from '../bot/thresholds.ts';

/** The label a test set uses for "no intent should match". */
export const OOS = 'oos';

export interface EvalReport {
  examples: number;
  inScope: number;
  outOfScope: number;
  /** Share of in-scope examples answered with the right intent (an "I don't know" counts as wrong). */
  inScopeAccuracy: number;
  /** Share of in-scope examples whose best-ranked intent is right, whatever its confidence: the figure papers publish. */
  top1Accuracy: number;
  /** Share of out-of-scope examples the matcher declined; null when the test set has none. */
  oosRecall: number | null;
  /** Share of declined messages that really were out of scope; null when nothing was declined or nothing is out of scope. */
  oosPrecision: number | null;
  /** Mean F1 over the gold labels (oos included as a class when present). */
  macroF1: number;
  /** Milliseconds per message. */
  classifyP50: number;
  classifyP99: number;
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/** Prediction the product acts on: the best intent, or oos under the answer threshold. */
export function predict(matcher: Matcher, text: string, threshold = ANSWER_THRESHOLD): { label: string; best: string | null; ms: number } {
  const t0 = performance.now();
  const best = matcher.classify(text).ranked[0];
  const ms = performance.now() - t0;
  return { label: best && best.confidence >= threshold ? best.intent : OOS, best: best?.intent ?? null, ms };
}

/** Messages classified untimed before measuring, so p50/p99 time the steady state, not the JIT warming up. */
const WARM_UP = 200;

export function evaluate(matcher: Matcher, test: TrainingExample[], threshold = ANSWER_THRESHOLD): EvalReport {
  const times: number[] = [];
  const tp = new Map<string, number>();
  const predicted = new Map<string, number>();
  const gold = new Map<string, number>();
  let inScope = 0;
  let inScopeRight = 0;
  let top1Right = 0;
  let oos = 0;
  let oosRight = 0;
  let declined = 0;
  const bump = (m: Map<string, number>, k: string) => m.set(k, (m.get(k) ?? 0) + 1);
  for (const ex of test.slice(0, WARM_UP)) matcher.classify(ex.text);
  for (const ex of test) {
    const { label, best, ms } = predict(matcher, ex.text, threshold);
    times.push(ms);
    bump(gold, ex.label);
    bump(predicted, label);
    if (label === ex.label) bump(tp, label);
    if (label === OOS) declined++;
    if (ex.label === OOS) {
      oos++;
      if (label === OOS) oosRight++;
    } else {
      inScope++;
      if (label === ex.label) inScopeRight++;
      if (best === ex.label) top1Right++;
    }
  }
  let f1Sum = 0;
  for (const [label, g] of gold) {
    const t = tp.get(label) ?? 0;
    const p = predicted.get(label) ?? 0;
    f1Sum += t === 0 ? 0 : (2 * t) / (g + p);
  }
  times.sort((a, b) => a - b);
  return {
    examples: test.length,
    inScope,
    outOfScope: oos,
    inScopeAccuracy: inScope ? inScopeRight / inScope : 0,
    top1Accuracy: inScope ? top1Right / inScope : 0,
    oosRecall: oos ? oosRight / oos : null,
    oosPrecision: declined && oos ? oosRight / declined : null,
    macroF1: gold.size ? f1Sum / gold.size : 0,
    classifyP50: percentile(times, 50),
    classifyP99: percentile(times, 99),
  };
}

/** Precision, recall and F1 of a yes/no prediction against rows labelled `gold`. */
export interface BinaryScores {
  p: number;
  r: number;
  f1: number;
  n: number;
}

export function binaryScores<T extends { gold: boolean }>(rows: T[], predict: (row: T) => boolean): BinaryScores {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  for (const row of rows) {
    const y = predict(row);
    if (y && row.gold) tp++;
    else if (y && !row.gold) fp++;
    else if (!y && row.gold) fn++;
  }
  const p = tp + fp === 0 ? 0 : tp / (tp + fp);
  const r = tp + fn === 0 ? 0 : tp / (tp + fn);
  return { p, r, f1: p + r === 0 ? 0 : (2 * p * r) / (p + r), n: rows.length };
}
