import { DEFAULT_MATCHER, trainMatcher, type MatcherOptions, type TrainingExample } from '../bot/matcher.ts';
import { OOS } from './metrics.ts';

export interface Calibration {
  temperature: number;
  threshold: number;
  margin: number;
  /** On the validation set, at these values. */
  inScopeAccuracy: number;
  oosRecall: number;
}

interface Scored {
  gold: number; // -1 = out of scope
  /** Log-probabilities at temperature 1: the scores up to a constant, which softmax ignores. */
  z: Float64Array;
}

function softmax(z: Float64Array, t: number): Float64Array {
  let max = -Infinity;
  for (const v of z) if (v / t > max) max = v / t;
  let sum = 0;
  const p = new Float64Array(z.length);
  for (let i = 0; i < z.length; i++) sum += p[i] = Math.exp(z[i] / t - max);
  for (let i = 0; i < z.length; i++) p[i] /= sum;
  return p;
}

const grid = (from: number, to: number, step: number) => Array.from({ length: Math.round((to - from) / step) + 1 }, (_, i) => Math.round((from + i * step) * 100) / 100);

/**
 * Chooses the three constants of thresholds.ts on a validation set, by the rules stated there:
 *  - temperature: least negative log-likelihood of the right intent over the in-scope messages;
 *  - threshold: the lowest at which out-of-scope recall reaches `oosRecall` (the product declines at
 *    least 4 in 5 messages it cannot answer, and beyond that answers as many as it can);
 *  - margin: most (wrong answers whose right intent is the runner-up, now offered as a choice)
 *    − (right answers delayed by a needless question), smallest such margin on ties.
 */
export function chooseCalibration(train: TrainingExample[], val: TrainingExample[], oosRecall = 0.8, opts: MatcherOptions = DEFAULT_MATCHER): Calibration {
  const m = trainMatcher(train, { ...opts, temperature: 1 });
  const id = new Map(m.labels.map((l, i) => [l, i]));
  const scored: Scored[] = val.map((e) => {
    const z = new Float64Array(m.labels.length);
    for (const r of m.classify(e.text).ranked) z[id.get(r.intent)!] = Math.log(Math.max(r.confidence, 1e-300));
    return { gold: e.label === OOS ? -1 : (id.get(e.label) ?? -2), z };
  });
  const inScope = scored.filter((s) => s.gold !== -1);
  const oos = scored.filter((s) => s.gold === -1);

  let temperature = 1;
  let bestNll = Infinity;
  for (const t of grid(0.05, 3, 0.05)) {
    let nll = 0;
    for (const s of inScope) nll -= s.gold >= 0 ? Math.log(Math.max(softmax(s.z, t)[s.gold], 1e-300)) : 0;
    if (nll < bestNll) [bestNll, temperature] = [nll, t];
  }

  const top2 = (s: Scored) => {
    const p = softmax(s.z, temperature);
    let a = 0;
    let b = -1;
    for (let i = 1; i < p.length; i++) {
      if (p[i] > p[a]) [a, b] = [i, a];
      else if (b < 0 || p[i] > p[b]) b = i;
    }
    return { a, pa: p[a], b, pb: b < 0 ? 0 : p[b] };
  };
  const inTop = inScope.map((s) => ({ gold: s.gold, ...top2(s) }));
  const oosTop = oos.map(top2);

  let threshold = 1;
  const at = (th: number) => ({
    acc: inTop.filter((r) => r.a === r.gold && r.pa >= th).length / Math.max(1, inTop.length),
    rec: oosTop.length ? oosTop.filter((r) => r.pa < th).length / oosTop.length : 0,
  });
  for (const th of grid(0, 1, 0.01).reverse()) if (at(th).rec >= oosRecall) threshold = th;

  let margin = 0;
  let bestGain = 0;
  for (const mg of grid(0, 0.5, 0.01)) {
    let gain = 0;
    for (const r of inTop) {
      if (r.pa - r.pb >= mg || r.pa + r.pb < threshold) continue;
      if (r.a === r.gold) gain -= 1;
      else if (r.b === r.gold) gain += 1;
    }
    if (gain > bestGain + 1e-12) [bestGain, margin] = [gain, mg];
  }
  const { acc, rec } = at(threshold);
  return { temperature, threshold, margin, inScopeAccuracy: acc, oosRecall: rec };
}
