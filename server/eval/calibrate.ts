import { calibrated, EVIDENCE } from '../bot/confidence.ts';
import { DEFAULT_MATCHER, trainMatcher, type MatcherOptions, type TrainingExample } from '../bot/matcher.ts';
import { OOS } from './metrics.ts';

export interface Calibration {
  temperature: number;
  /** Intercept and one weight per EVIDENCE value (server/bot/confidence.ts). */
  weights: number[];
  threshold: number;
  margin: number;
  /** On the validation set with the matcher trained on all of `train`, at these values. */
  inScopeAccuracy: number;
  oosRecall: number;
}

/** One validation message as the matcher saw it. */
interface Seen {
  /** Right intent first (and in scope for this matcher). */
  right: boolean;
  oos: boolean;
  /** Softmax probabilities at temperature 1 as log-probabilities (so any temperature can be applied). */
  logp: Float64Array;
  gold: number;
  ev: number[];
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

function see(train: TrainingExample[], val: TrainingExample[], opts: MatcherOptions): Seen[] {
  const m = trainMatcher(train, { ...opts, calibration: null });
  const id = new Map(m.labels.map((l, i) => [l, i]));
  return val.map((e) => {
    const r = m.classify(e.text);
    const logp = new Float64Array(m.labels.length);
    for (const s of r.ranked) logp[id.get(s.intent)!] = Math.log(Math.max(s.confidence, 1e-300));
    const gold = id.get(e.label) ?? -1;
    return { right: gold >= 0 && r.ranked[0].intent === e.label, oos: gold < 0, logp, gold, ev: r.evidence ?? [] };
  });
}

/**
 * Pack shapes the calibration is fitted over, cut from the training set: a confidence must mean the same
 * for a 10-intent pack with 16 examples each as for 150 intents with 100. For an intent subset, the
 * validation messages of the other intents are out of scope, as they would be for a merchant's bot
 * (every 10th of them, so they do not outnumber the rest).
 */
const SHAPES: Array<{ intents: number; per: number }> = [
  { intents: Infinity, per: 10 },
  { intents: Infinity, per: 5 },
  { intents: 10, per: 16 },
  { intents: 15, per: 25 },
  { intents: 27, per: 10 },
  { intents: 27, per: 16 },
  { intents: 27, per: 30 },
  { intents: 50, per: 20 },
];

function shape(train: TrainingExample[], val: TrainingExample[], intents: number, per: number, n: number) {
  const labels = [...new Set(train.map((e) => e.label))];
  // Spread the picked intents over the label list (CLINC150 lists its intents domain by domain).
  const step = labels.length / Math.min(intents, labels.length);
  const picked = new Set(Array.from({ length: Math.min(intents, labels.length) }, (_, i) => labels[Math.floor(i * step + (n % Math.max(1, Math.floor(step))))]));
  const count = new Map<string, number>();
  const sub = train.filter((e) => {
    if (!picked.has(e.label)) return false;
    const k = (count.get(e.label) ?? 0) + 1;
    count.set(e.label, k);
    return k <= per;
  });
  let other = 0;
  const test = val.filter((e) => picked.has(e.label) || e.label === OOS || other++ % 10 === 0);
  return { sub, test };
}

/** Logistic regression by Newton's method; `weight` lets each pack shape count the same in total. */
function fitLogistic(xs: number[][], ys: number[], weight: number[], l2 = 1e-3): number[] {
  const d = xs[0].length + 1;
  const w = new Array<number>(d).fill(0);
  for (let it = 0; it < 50; it++) {
    const g = new Array<number>(d).fill(0);
    const h = Array.from({ length: d }, (_, i) => Array.from({ length: d }, (_, j) => (i === j ? l2 : 0)));
    for (let i = 0; i < d; i++) g[i] = l2 * w[i];
    xs.forEach((x, n) => {
      const row = [1, ...x];
      const p = 1 / (1 + Math.exp(-row.reduce((s, v, i) => s + v * w[i], 0)));
      const r = p * (1 - p) * weight[n];
      for (let i = 0; i < d; i++) {
        g[i] += (p - ys[n]) * weight[n] * row[i];
        for (let j = 0; j < d; j++) h[i][j] += r * row[i] * row[j];
      }
    });
    const step = solve(h, g);
    for (let i = 0; i < d; i++) w[i] -= step[i];
    if (Math.max(...step.map(Math.abs)) < 1e-9) break;
  }
  return w;
}

/** Gaussian elimination with partial pivoting (the system is 4 × 4). */
function solve(a: number[][], b: number[]): number[] {
  const n = b.length;
  const m = a.map((row, i) => [...row, b[i]]);
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(m[r][c]) > Math.abs(m[p][c])) p = r;
    [m[c], m[p]] = [m[p], m[c]];
    for (let r = c + 1; r < n; r++) {
      const f = m[r][c] / m[c][c];
      for (let k = c; k <= n; k++) m[r][k] -= f * m[c][k];
    }
  }
  const x = new Array<number>(n).fill(0);
  for (let r = n - 1; r >= 0; r--) {
    let s = m[r][n];
    for (let k = r + 1; k < n; k++) s -= m[r][k] * x[k];
    x[r] = s / m[r][r];
  }
  return x;
}

/**
 * Chooses the constants of thresholds.ts on a validation set, by the rules stated there:
 *  - temperature: least negative log-likelihood of the right intent over the in-scope messages;
 *  - weights: logistic regression of "the best intent is right" on the evidence, pooled over the pack
 *    shapes (each shape weighing the same);
 *  - threshold: the lowest calibrated confidence at which out-of-scope recall reaches `oosRecall` with the
 *    matcher trained on all of `train` (the product declines at least 4 in 5 messages it cannot answer,
 *    and beyond that answers as many as it can);
 *  - margin: most (wrong answers whose right intent is the runner-up, now offered as a choice)
 *    − (right answers delayed by a needless question), smallest such margin on ties.
 */
export function chooseCalibration(train: TrainingExample[], val: TrainingExample[], oosRecall = 0.8, opts: MatcherOptions = DEFAULT_MATCHER): Calibration {
  const full = see(train, val, { ...opts, temperature: 1 });
  const inScope = full.filter((s) => !s.oos);

  let temperature = 1;
  let bestNll = Infinity;
  for (const t of grid(0.05, 3, 0.05)) {
    let nll = 0;
    for (const s of inScope) nll -= Math.log(Math.max(softmax(s.logp, t)[s.gold], 1e-300));
    if (nll < bestNll) [bestNll, temperature] = [nll, t];
  }
  // The full set's evidence at the chosen temperature (the cosines do not depend on it).
  const logit = (p: number) => Math.log(Math.min(1 - 1e-6, Math.max(1e-6, p)) / (1 - Math.min(1 - 1e-6, Math.max(1e-6, p))));
  const fullProbs = full.map((s) => softmax(s.logp, temperature));
  full.forEach((s, i) => (s.ev = [logit(Math.max(...fullProbs[i])), ...s.ev.slice(1)]));

  const pools: Seen[][] = [full];
  SHAPES.forEach(({ intents, per }, n) => {
    const { sub, test } = shape(train, val, intents, per, n);
    pools.push(see(sub, test, { ...opts, temperature }));
  });
  const xs: number[][] = [];
  const ys: number[] = [];
  const weight: number[] = [];
  for (const pool of pools) {
    for (const s of pool) {
      xs.push(s.ev.slice(0, EVIDENCE.length));
      ys.push(s.right ? 1 : 0);
      weight.push(1000 / pool.length);
    }
  }
  const weights = fitLogistic(xs, ys, weight).map((w) => Math.round(w * 1000) / 1000);

  // Calibrated best and runner-up on the full set, as classify would give them (confidence.ts rescale).
  const top2 = (s: Seen, p: Float64Array) => {
    let a = 0;
    let b = -1;
    for (let i = 1; i < p.length; i++) {
      if (p[i] > p[a]) [a, b] = [i, a];
      else if (b < 0 || p[i] > p[b]) b = i;
    }
    const pa = calibrated(s.ev, weights);
    const k = pa <= p[a] ? pa / p[a] : (1 - pa) / (1 - p[a]);
    return { gold: s.gold, a, pa, b, pb: b < 0 ? 0 : p[b] * k };
  };
  const inTop = full.map((s, i) => ({ oos: s.oos, ...top2(s, fullProbs[i]) }));
  const oosTop = inTop.filter((r) => r.oos);
  const inTop2 = inTop.filter((r) => !r.oos);

  let threshold = 1;
  const at = (th: number) => ({
    acc: inTop2.filter((r) => r.a === r.gold && r.pa >= th).length / Math.max(1, inTop2.length),
    rec: oosTop.length ? oosTop.filter((r) => r.pa < th).length / oosTop.length : 0,
  });
  for (const th of grid(0, 1, 0.01).reverse()) if (at(th).rec >= oosRecall) threshold = th;

  let margin = 0;
  let bestGain = 0;
  for (const mg of grid(0, 0.5, 0.01)) {
    let gain = 0;
    for (const r of inTop2) {
      if (r.pa - r.pb >= mg || r.pa + r.pb < threshold) continue;
      if (r.a === r.gold) gain -= 1;
      else if (r.b === r.gold) gain += 1;
    }
    if (gain > bestGain + 1e-12) [bestGain, margin] = [gain, mg];
  }
  const { acc, rec } = at(threshold);
  return { temperature, weights, threshold, margin, inScopeAccuracy: acc, oosRecall: rec };
}
