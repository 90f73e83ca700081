import type { Sparse } from './features.ts';

export interface SoftmaxOptions {
  epochs: number;
  learningRate: number;
  /** L2 penalty per example step, applied to the weights an example touches (lazy regularisation). */
  l2: number;
  seed: number;
  /** Share of a training example's features hidden at each step (dropout): spreads weight over more words. */
  dropout: number;
}

export const DEFAULT_SOFTMAX: SoftmaxOptions = { epochs: 30, learningRate: 1, l2: 1e-5, seed: 1, dropout: 0 };

/** Small deterministic PRNG so training (and therefore every measurement) is reproducible. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Multinomial logistic regression over sparse vectors. Weights are stored feature-major
 * (w[f * C + c]) so scoring a message touches only the rows of its ~50–150 active features.
 */
export class SoftmaxModel {
  readonly w: Float32Array;
  readonly b: Float32Array;

  /** `trained`: weights a previous train() produced (a worker thread's), instead of zeros. */
  constructor(
    readonly features: number,
    readonly classes: number,
    trained?: { w: Float32Array; b: Float32Array },
  ) {
    this.w = trained?.w ?? new Float32Array(features * classes);
    this.b = trained?.b ?? new Float32Array(classes);
  }

  get bytes(): number {
    return this.w.byteLength + this.b.byteLength;
  }

  /** Raw scores (logits) into out. */
  logits(x: Sparse, out: Float64Array): Float64Array {
    const C = this.classes;
    for (let c = 0; c < C; c++) out[c] = this.b[c];
    const { idx, val } = x;
    const w = this.w;
    for (let i = 0; i < idx.length; i++) {
      const base = idx[i] * C;
      const v = val[i];
      for (let c = 0; c < C; c++) out[c] += w[base + c] * v;
    }
    return out;
  }

  /**
   * Stochastic gradient descent on cross-entropy. Only the classes whose gradient is not negligible are
   * updated (after a few epochs that is the right class and a handful of rivals, not all of them), and the
   * L2 shrink is applied once per epoch to every weight: training is several times faster, same result.
   */
  train(xs: Sparse[], ys: ArrayLike<number>, opts: SoftmaxOptions = DEFAULT_SOFTMAX): this {
    const C = this.classes;
    const rand = mulberry32(opts.seed);
    const order = xs.map((_, i) => i);
    const z = new Float64Array(C);
    const active = new Int32Array(C);
    const w = this.w;
    for (let epoch = 0; epoch < opts.epochs; epoch++) {
      for (let i = order.length - 1; i > 0; i--) {
        const j = Math.floor(rand() * (i + 1));
        [order[i], order[j]] = [order[j], order[i]];
      }
      const lr = opts.learningRate / (1 + epoch * 0.1);
      for (const n of order) {
        const x = opts.dropout > 0 ? drop(xs[n], opts.dropout, rand) : xs[n];
        softmaxInPlace(this.logits(x, z));
        z[ys[n]] -= 1; // gradient of cross-entropy wrt logits: p - onehot
        let k = 0;
        for (let c = 0; c < C; c++) if (z[c] > 2e-3 || z[c] < -2e-3 /* below this a class's update is noise */) active[k++] = c;
        const { idx, val } = x;
        for (let i = 0; i < idx.length; i++) {
          const base = idx[i] * C;
          const g = lr * val[i];
          for (let j = 0; j < k; j++) w[base + active[j]] -= g * z[active[j]];
        }
        for (let j = 0; j < k; j++) this.b[active[j]] -= lr * 0.1 * z[active[j]];
      }
      if (opts.l2 > 0) {
        // A weight is touched by about one class's share of the examples per epoch; shrink it as often.
        const shrink = Math.pow(1 - lr * opts.l2, xs.length / Math.max(1, C));
        for (let i = 0; i < w.length; i++) w[i] *= shrink;
      }
    }
    return this;
  }
}

function drop(x: Sparse, p: number, rand: () => number): Sparse {
  const keep = 1 / (1 - p);
  const idx: number[] = [];
  const val: number[] = [];
  for (let i = 0; i < x.idx.length; i++) {
    if (rand() >= p) {
      idx.push(x.idx[i]);
      val.push(x.val[i] * keep);
    }
  }
  return { idx: Int32Array.from(idx), val: Float32Array.from(val) };
}

export function softmaxInPlace(z: Float64Array, temperature = 1): Float64Array {
  let max = -Infinity;
  for (let i = 0; i < z.length; i++) if (z[i] > max) max = z[i];
  let sum = 0;
  for (let i = 0; i < z.length; i++) {
    z[i] = Math.exp((z[i] - max) / temperature);
    sum += z[i];
  }
  for (let i = 0; i < z.length; i++) z[i] /= sum;
  return z;
}
