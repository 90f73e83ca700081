import { detectLang } from './language.ts';
import { normalize } from './normalize.ts';
import { DEFAULT_FEATURES, terms, Vectorizer, type FeatureOptions, type Sparse, type VectorizerSnapshot } from './features.ts';
import { DEFAULT_SOFTMAX, SoftmaxModel, softmaxInPlace, type SoftmaxOptions } from './model.ts';
import { calibrated, EVIDENCE, evidenceOf, rescale } from './confidence.ts';
import { CALIBRATION, TEMPERATURE } from './thresholds.ts';
import type { Lang, Scored } from './types.ts';

export interface TrainingExample {
  text: string;
  label: string;
}

export interface MatchResult {
  lang: Lang;
  /** Every label, best first; confidence in [0,1], calibrated (the thresholds in thresholds.ts apply). */
  ranked: Scored[];
  /** The size-independent evidence behind the best intent's confidence (confidence.ts), for calibration. */
  evidence?: number[];
}

export interface Matcher {
  readonly labels: string[];
  /** `lang` is the conversation's language, used when the text itself does not tell (emoji, digits). */
  classify(text: string, lang?: Lang): MatchResult;
  /** Approximate bytes the trained model holds (weights, vocabulary, example index). */
  readonly bytes: number;
}

export interface MatcherOptions {
  features: FeatureOptions;
  softmax: SoftmaxOptions;
  /**
   * Weight of the nearest-example score: for each intent, the best cosine between the message and one of
   * its examples, added to the regression's logit. It lets one close paraphrase count when few examples
   * exist, where the regression averages it away. 0 = regression only.
   */
  nearest: number;
  /** Softmax temperature over the combined scores; chosen on CLINC150 val.csv (thresholds.ts). */
  temperature: number;
  /** Logistic weights turning the evidence into the confidence (thresholds.ts); null = the softmax probability. */
  calibration: readonly number[] | null;
}

export const DEFAULT_MATCHER: MatcherOptions = {
  features: DEFAULT_FEATURES,
  softmax: DEFAULT_SOFTMAX,
  nearest: 2,
  temperature: TEMPERATURE,
  calibration: CALIBRATION,
};

/** The postings of an ExampleIndex, as plain arrays. */
interface Postings {
  start: Int32Array;
  ex: Int32Array;
  val: Float32Array;
}

/**
 * What training produced, as plain arrays and strings: a worker thread trains and posts this back
 * (structured clone), and matcherFrom() turns it into a Matcher in a few milliseconds.
 */
export interface TrainedMatcher {
  labels: string[];
  vectorizer: VectorizerSnapshot;
  w: Float32Array;
  b: Float32Array;
  ys: Int32Array;
  examples: number;
  postings: Postings | null;
}

/** Training examples by feature: for each feature id, which examples hold it and with what value. */
class ExampleIndex {
  private readonly start: Int32Array;
  private readonly ex: Int32Array;
  private readonly val: Float32Array;
  private readonly dots: Float32Array;

  constructor(
    { start, ex, val }: Postings,
    examples: number,
    private readonly ys: Int32Array,
    private readonly classes: number,
  ) {
    this.start = start;
    this.ex = ex;
    this.val = val;
    this.dots = new Float32Array(examples);
  }

  static postings(xs: Sparse[], features: number): Postings {
    const count = new Int32Array(features + 1);
    for (const x of xs) for (const f of x.idx) count[f + 1]++;
    // Features in more than 1 in 20 examples ("the", "<wh") say little about which example is nearest and
    // would make every lookup walk thousands of postings: they are left out of the index.
    const common = Math.max(50, xs.length / 20);
    for (let f = 1; f <= features; f++) if (count[f] > common) count[f] = 0;
    for (let f = 0; f < features; f++) count[f + 1] += count[f];
    const start = count.slice();
    const fill = count.slice();
    const total = count[features];
    const ex = new Int32Array(total);
    const val = new Float32Array(total);
    xs.forEach((x, n) => {
      for (let i = 0; i < x.idx.length; i++) {
        if (fill[x.idx[i]] === start[x.idx[i] + 1]) continue; // a common feature: no postings
        const at = fill[x.idx[i]]++;
        ex[at] = n;
        val[at] = x.val[i];
      }
    });
    return { start, ex, val };
  }

  /** Adds weight × (best cosine with an example of class c) to out[c]; leaves the cosines in `best`. */
  addNearest(x: Sparse, weight: number, out: Float64Array, best: Float64Array): void {
    const dots = this.dots;
    dots.fill(0);
    for (let i = 0; i < x.idx.length; i++) {
      const f = x.idx[i];
      const v = x.val[i];
      for (let p = this.start[f]; p < this.start[f + 1]; p++) dots[this.ex[p]] += v * this.val[p];
    }
    best.fill(0);
    for (let n = 0; n < dots.length; n++) if (dots[n] > best[this.ys[n]]) best[this.ys[n]] = dots[n];
    for (let c = 0; c < this.classes; c++) out[c] += weight * best[c];
  }

  get bytes(): number {
    return this.start.byteLength + this.ex.byteLength + this.val.byteLength + this.dots.byteLength + this.ys.byteLength;
  }
}

/** Trains a matcher on labelled examples; English and Chinese examples may be mixed in one set. */
export function trainMatcher(examples: TrainingExample[], opts: MatcherOptions = DEFAULT_MATCHER): Matcher {
  return matcherFrom(fitMatcher(examples, opts), opts);
}

/** The costly part of training (features of every example, the regression's epochs), as plain data. */
export function fitMatcher(examples: TrainingExample[], opts: MatcherOptions = DEFAULT_MATCHER): TrainedMatcher {
  const labels = [...new Set(examples.map((e) => e.label))];
  if (labels.length === 0) throw new Error('trainMatcher: no examples');
  const labelId = new Map(labels.map((l, i) => [l, i]));
  const docs = examples.map((e) => terms(normalize(e.text), opts.features));
  const vec = new Vectorizer(opts.features.wordWeight, opts.features.synonyms).fit(docs);
  const xs: Sparse[] = docs.map((d) => vec.transform(d));
  const ys = Int32Array.from(examples, (e) => labelId.get(e.label)!);
  const { w, b } = new SoftmaxModel(vec.size, labels.length).train(xs, ys, opts.softmax);
  const postings = opts.nearest > 0 ? ExampleIndex.postings(xs, vec.size) : null;
  return { labels, vectorizer: vec.snapshot(), w, b, ys, examples: xs.length, postings };
}

/** The matcher a fitMatcher() result describes; `opts` must be the ones it was fitted with. */
export function matcherFrom(trained: TrainedMatcher, opts: MatcherOptions = DEFAULT_MATCHER): Matcher {
  const { labels, ys } = trained;
  const vec = new Vectorizer(opts.features.wordWeight, opts.features.synonyms).restore(trained.vectorizer);
  const model = new SoftmaxModel(vec.size, labels.length, trained);
  const index = trained.postings ? new ExampleIndex(trained.postings, trained.examples, ys, labels.length) : null;
  const C = labels.length;
  const z = new Float64Array(C);
  const near = new Float64Array(C);
  const ev = new Float64Array(EVIDENCE.length);

  return {
    labels,
    bytes: model.bytes + vec.bytes() + (index?.bytes ?? 0),
    classify(text: string, lang?: Lang): MatchResult {
      const norm = normalize(text);
      const detected = detectLang(norm, lang ?? 'en');
      const x = vec.transform(terms(norm, opts.features));
      // Not one term the training set knows: whatever the softmax says would be a guess from the biases.
      if (x.idx.length === 0) {
        z.fill(0);
        near.fill(0);
        ev.fill(0);
      } else {
        model.logits(x, z);
        if (index) index.addNearest(x, opts.nearest, z, near);
        else near.fill(0);
        let a = 0;
        for (let c = 1; c < C; c++) if (z[c] > z[a]) a = c;
        let nearOther = 0;
        for (let c = 0; c < C; c++) if (c !== a && near[c] > nearOther) nearOther = near[c];
        softmaxInPlace(z, opts.temperature);
        evidenceOf(ev, z[a], near[a], near[a] - nearOther);
        rescale(z, a, opts.calibration ? calibrated(ev, opts.calibration) : z[a]);
      }
      const ranked = labels.map((intent, i) => ({ intent, confidence: z[i] }));
      ranked.sort((p, q) => q.confidence - p.confidence);
      return { lang: detected, ranked, evidence: Array.from(ev) };
    },
  };
}
