import { chineseGroups, englishGroups } from './synonyms.ts';
import { chineseWordsOfRuns, latinWords, runs, stem } from './tokens.ts';

/**
 * Shape of the features. The defaults are what bench/matcher.ts measured best (see the table in
 * thresholds.ts); the benchmark's baseline switches everything off but plain word unigrams.
 */
export interface FeatureOptions {
  /** Porter-stem English words ("refunds", "refunded" → "refund"). */
  stem: boolean;
  /** Adjacent word pairs: "credit card" is not "card" plus "credit". */
  bigrams: boolean;
  /** English character n-grams inside "<word>", lengths charMin..charMax; 0 = none. Carry typos and morphology. */
  charMin: number;
  charMax: number;
  /** Chinese character n-grams up to this length: they catch words the segmenter splits wrongly. */
  hanMax: number;
  /** Weight of the word group against the character group (1 = equal). */
  wordWeight: number;
  /** Character n-grams also across word boundaries (" my ca", "d my "): they carry short phrases. */
  crossWord: boolean;
  /**
   * Weight of the domain synonym groups (lexicons/synonyms.json), extra word features through which "parcel"
   * meets "package" and "refund" meets "退款"; 0 = none, 1 = as much as a word. On the pack's own 5-fold
   * cross-validation 1 and 1.5 tie and 0 or 0.5 answer 4–5 points fewer; above 1 a shared group starts to
   * make unrelated questions about, say, prices look alike.
   */
  synonyms: number;
}

export const DEFAULT_FEATURES: FeatureOptions = { stem: true, bigrams: false, charMin: 3, charMax: 5, hanMax: 2, wordWeight: 1, crossWord: true, synonyms: 1 };

/** Raw term counts of one normalised text, keyed "<group-prefix><term>" (w word, b bigram, c char n-gram). */
export type Terms = Map<string, number>;

function add(terms: Terms, key: string): void {
  terms.set(key, (terms.get(key) ?? 0) + 1);
}

/** Features of normalised text; English and Chinese runs are each cut by the tools made for them. */
export function terms(text: string, o: FeatureOptions = DEFAULT_FEATURES): Terms {
  const t: Terms = new Map();
  const seq: string[] = [];
  const all = runs(text);
  const segmented = chineseWordsOfRuns(all.filter((r) => r.han).map((r) => r.text));
  let hanRun = 0;
  for (const r of all) {
    if (r.han) {
      if (o.synonyms > 0) for (const g of chineseGroups(r.text)) add(t, 'w#' + g);
      for (const w of segmented[hanRun++]) {
        seq.push(w);
        add(t, 'w' + w);
      }
      const chars = [...r.text];
      for (let n = 1; n <= o.hanMax; n++) {
        for (let i = 0; i + n <= chars.length; i++) add(t, 'c' + chars.slice(i, i + n).join(''));
      }
    } else {
      for (const w of latinWords(r.text)) {
        const s = o.stem ? stem(w) : w;
        seq.push(s);
        add(t, 'w' + s);
        if (o.charMin > 0) {
          const padded = '<' + w + '>';
          for (let n = o.charMin; n <= o.charMax; n++) {
            for (let i = 0; i + n <= padded.length; i++) add(t, 'c' + padded.slice(i, i + n));
          }
        }
      }
    }
  }
  if (o.synonyms > 0) for (const g of englishGroups(o.stem ? seq : seq.map(stem))) add(t, 'w#' + g);
  if (o.crossWord && o.charMin > 0) {
    const padded = ' ' + seq.join(' ') + ' ';
    for (let i = 0; i + o.charMax <= padded.length; i++) {
      const g = padded.slice(i, i + o.charMax);
      const sp = g.indexOf(' ', 1);
      if (sp > 0 && sp < g.length - 1) add(t, 'c~' + g);
    }
  }
  if (o.bigrams) for (let i = 0; i + 1 < seq.length; i++) add(t, 'b' + seq[i] + ' ' + seq[i + 1]);
  return t;
}

/** A sparse vector: parallel arrays of feature ids and values. */
export interface Sparse {
  idx: Int32Array;
  val: Float32Array;
}

export interface VectorizerSnapshot {
  /** The vocabulary in id order. */
  keys: string[];
  idf: Float32Array;
  group: Uint8Array;
  unseenIdf: number;
}

/** Words and bigrams form one group, character n-grams the other; each is normalised on its own. */
const CHAR = 1;
const groupOf = (key: string): number => (key.charCodeAt(0) === 99 /* c */ ? CHAR : 0);

/**
 * TF-IDF vocabulary fitted on the training texts. Each group (words, characters) is L2-normalised on its
 * own and the two are averaged, so many character n-grams do not drown the few words.
 */
export class Vectorizer {
  constructor(
    private readonly wordWeight = 1,
    private readonly synonymWeight = 1,
  ) {}
  readonly vocab = new Map<string, number>();
  idf: Float32Array = new Float32Array(0);
  group: Uint8Array = new Uint8Array(0);
  unseenIdf = 1;

  fit(docs: Terms[]): this {
    const df: number[] = [];
    for (const d of docs) {
      for (const k of d.keys()) {
        let id = this.vocab.get(k);
        if (id === undefined) {
          id = this.vocab.size;
          this.vocab.set(k, id);
          df.push(0);
        }
        df[id]++;
      }
    }
    const n = docs.length;
    this.unseenIdf = Math.log(1 + n) + 1;
    this.idf = new Float32Array(df.length);
    this.group = new Uint8Array(df.length);
    for (const [k, id] of this.vocab) {
      this.idf[id] = Math.log((1 + n) / (1 + df[id])) + 1;
      this.group[id] = groupOf(k);
    }
    return this;
  }

  get size(): number {
    return this.vocab.size;
  }

  /** What fit() learned, as plain arrays a worker thread can post back (server/intents/train-worker.ts). */
  snapshot(): VectorizerSnapshot {
    return { keys: [...this.vocab.keys()], idf: this.idf, group: this.group, unseenIdf: this.unseenIdf };
  }

  /** A fitted vectorizer from its snapshot: transform() gives what the original's gave. */
  restore(s: VectorizerSnapshot): this {
    s.keys.forEach((k, id) => this.vocab.set(k, id));
    this.idf = s.idf;
    this.group = s.group;
    this.unseenIdf = s.unseenIdf;
    return this;
  }

  /** Sublinear TF × IDF; unit length when every term is known. */
  transform(t: Terms): Sparse {
    const ids: number[] = [];
    const vals: number[] = [];
    const norms = [0, 0];
    for (const [k, c] of t) {
      const id = this.vocab.get(k);
      const tf = 1 + Math.log(c);
      if (id === undefined) {
        // Unknown terms still count in the norm: a message mostly made of words the training set never
        // saw keeps a short vector, hence a low confidence, instead of being blown up to unit length.
        const v = tf * this.unseenIdf;
        norms[groupOf(k)] += v * v;
        continue;
      }
      const v = tf * this.idf[id] * (k.charCodeAt(1) === 35 /* w#: a synonym group */ && k.charCodeAt(0) === 119 ? this.synonymWeight : 1);
      ids.push(id);
      vals.push(v);
      norms[this.group[id]] += v * v;
    }
    const weights = [this.wordWeight, 1];
    const present = (norms[0] > 0 ? weights[0] ** 2 : 0) + (norms[1] > 0 ? 1 : 0);
    const scale = norms.map((s, g) => (s > 0 ? weights[g] / Math.sqrt(s * present) : 0));
    const val = new Float32Array(vals.length);
    for (let i = 0; i < vals.length; i++) val[i] = vals[i] * scale[this.group[ids[i]]];
    return { idx: Int32Array.from(ids), val };
  }

  /** Approximate bytes held: idf, groups and the vocabulary's keys and map entries. */
  bytes(): number {
    let keys = 0;
    for (const k of this.vocab.keys()) keys += 16 + 2 * k.length;
    return this.idf.byteLength + this.group.byteLength + keys + this.vocab.size * 40;
  }
}
