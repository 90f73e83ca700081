import { runs, stem } from './tokens.ts';
import AggressiveTokenizer from 'natural/lib/natural/tokenizers/aggressive_tokenizer.js';

const tokenizer = new AggressiveTokenizer();
const segmenter = new Intl.Segmenter('zh', { granularity: 'word' });

/**
 * Feature groups. Each group is TF-IDF weighted and L2-normalised on its own, then the groups are
 * concatenated with these weights: words carry meaning, character n-grams carry typos and
 * morphology ("refnd", "cancelation") and, in Chinese, the words the segmenter splits wrongly.
 */
export const GROUPS = ['word', 'char'] as const;
export type Group = (typeof GROUPS)[number];
export const GROUP_WEIGHT: Record<Group, number> = { word: 1, char: 1 };

/** Shapes of the features; exported so the benchmark can compare variants. */
export const FEATURES = { charMin: 3, charMax: 5, unknownInNorm: true, skipBigrams: false, edges: false, crossWordChars: false, synonyms: null as ((word: string) => string[]) | null };

/** Raw term counts of one normalised text, keyed "<group-prefix><term>". */
export type Terms = Map<string, number>;

function add(terms: Terms, key: string, n = 1): void {
  terms.set(key, (terms.get(key) ?? 0) + n);
}

/** Group of a feature key, from its one-letter prefix. */
export function groupOf(key: string): Group {
  return key.charCodeAt(0) === 99 /* c */ ? 'char' : 'word';
}

function latinWords(text: string): string[] {
  const ascii = text.normalize('NFKD').replace(/\p{M}+/gu, '').replace(/['’`]/g, '');
  const out: string[] = [];
  for (const t of tokenizer.tokenize(ascii)) {
    for (const part of t.split(/[-/]+/)) if (part) out.push(part.toLowerCase());
  }
  return out;
}

/**
 * Features of normalised text:
 *  w: stemmed English word / segmented Chinese word     b: word bigram (English stems, Chinese words)
 *  c: character 3–5-grams inside "<word>" (English), character 1–2-grams (Chinese)
 */
export function terms(text: string): Terms {
  const t: Terms = new Map();
  const seq: string[] = [];
  for (const r of runs(text)) {
    if (r.han) {
      for (const s of segmenter.segment(r.text)) {
        if (!s.isWordLike) continue;
        seq.push(s.segment);
        add(t, 'w' + s.segment);
      }
      const chars = [...r.text];
      for (let i = 0; i < chars.length; i++) {
        add(t, 'c' + chars[i]);
        if (i + 1 < chars.length) add(t, 'c' + chars[i] + chars[i + 1]);
      }
    } else {
      for (const w of latinWords(r.text)) {
        const s = stem(w);
        seq.push(s);
        add(t, 'w' + s);
        if (FEATURES.synonyms) for (const o of FEATURES.synonyms(w)) add(t, 's' + o);
        const padded = '<' + w + '>';
        for (let n = FEATURES.charMin; n <= FEATURES.charMax; n++) {
          for (let i = 0; i + n <= padded.length; i++) add(t, 'c' + padded.slice(i, i + n));
        }
      }
    }
  }
  for (let i = 0; i + 1 < seq.length; i++) add(t, 'b' + seq[i] + ' ' + seq[i + 1]);
  if (FEATURES.edges && seq.length) { add(t, 'b^ ' + seq[0]); add(t, 'b' + seq[seq.length - 1] + ' $'); }
  if (FEATURES.skipBigrams) for (let i = 0; i + 2 < seq.length; i++) add(t, 'b' + seq[i] + ' _ ' + seq[i + 2]);
  if (FEATURES.crossWordChars) {
    const lat = ' ' + seq.join(' ') + ' ';
    for (let i = 0; i + 6 <= lat.length; i++) { const g = lat.slice(i, i + 6); if (g.indexOf(' ', 1) > 0 && g.indexOf(' ', 1) < 5) add(t, 'c~' + g); }
  }
  return t;
}

/** A sparse vector: parallel arrays of feature ids (ascending not required) and values. */
export interface Sparse {
  idx: Int32Array;
  val: Float32Array;
}

/** TF-IDF vocabulary fitted on the training texts. Unknown terms at classification time are ignored. */
export class Vectorizer {
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
      this.group[id] = GROUPS.indexOf(groupOf(k));
    }
    return this;
  }

  get size(): number {
    return this.vocab.size;
  }

  /** Sublinear TF × IDF, each group L2-normalised and weighted; unit length when every term is known. */
  transform(t: Terms): Sparse {
    const ids: number[] = [];
    const vals: number[] = [];
    const norms = new Float64Array(GROUPS.length);
    for (const [k, c] of t) {
      const id = this.vocab.get(k);
      if (id === undefined) {
        if (!FEATURES.unknownInNorm) continue;
        // Unknown terms still count in the norm: a message mostly made of words the pack never saw
        // keeps a short vector, hence low confidence, instead of being blown up to unit length.
        const v = (1 + Math.log(c)) * this.unseenIdf;
        norms[GROUPS.indexOf(groupOf(k))] += v * v;
        continue;
      }
      const v = (1 + Math.log(c)) * this.idf[id];
      ids.push(id);
      vals.push(v);
      norms[this.group[id]] += v * v;
    }
    const scale = GROUPS.map((g, i) => (norms[i] > 0 ? GROUP_WEIGHT[g] / Math.sqrt(norms[i]) : 0));
    let weightSum = 0;
    for (let g = 0; g < GROUPS.length; g++) if (norms[g] > 0) weightSum += GROUP_WEIGHT[GROUPS[g]] ** 2;
    for (let i = 0; i < ids.length; i++) vals[i] *= scale[this.group[ids[i]]];
    const inv = weightSum > 0 ? 1 / Math.sqrt(weightSum) : 0;
    const val = new Float32Array(vals.length);
    for (let i = 0; i < vals.length; i++) val[i] = vals[i] * inv;
    return { idx: Int32Array.from(ids), val };
  }
}
