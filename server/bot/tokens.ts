import AggressiveTokenizer from 'natural/lib/natural/tokenizers/aggressive_tokenizer.js';
import PorterStemmer from 'natural/lib/natural/stemmers/porter_stemmer.js';

const tokenizer = new AggressiveTokenizer();
const segmenter = new Intl.Segmenter('zh', { granularity: 'word' });

/** A run of Han characters (Chinese) or of anything else (English, digits, punctuation). */
export interface Run {
  han: boolean;
  text: string;
}

const HAN_RUN = /[\p{Script=Han}]+/gu;

/** Splits mixed text into Han and non-Han runs so each is tokenised by the tools made for it. */
export function runs(text: string): Run[] {
  const out: Run[] = [];
  let last = 0;
  for (const m of text.matchAll(HAN_RUN)) {
    const i = m.index ?? 0;
    if (i > last) out.push({ han: false, text: text.slice(last, i) });
    out.push({ han: true, text: m[0] });
    last = i + m[0].length;
  }
  if (last < text.length) out.push({ han: false, text: text.slice(last) });
  return out;
}

const stemCache = new Map<string, string>();

/** Porter stem, cached: the stemmer is regex-heavy and the same few thousand words recur. */
export function stem(word: string): string {
  let s = stemCache.get(word);
  if (s === undefined) {
    s = PorterStemmer.stem(word);
    if (stemCache.size < 100_000) stemCache.set(word, s);
  }
  return s;
}

/**
 * Lower-case words of a normalised Latin run, unstemmed: natural's aggressive tokenizer, accents and
 * apostrophes dropped so "don't"/"dont" and "café"/"cafe" meet (visitors rarely type either).
 */
export function latinWords(text: string): string[] {
  // Punctuation and spaces alone hold no word: skip the tokenizer (between Chinese runs this is most runs).
  if (!/[\p{L}\p{N}]/u.test(text)) return [];
  // Strip accents first: the tokenizer only keeps ASCII letters ("café" would lose its é).
  const ascii = text.normalize('NFKD').replace(/\p{M}+/gu, '').replace(/['’`]/g, '');
  const out: string[] = [];
  for (const t of tokenizer.tokenize(ascii)) {
    for (const part of t.split(/[-/]+/)) if (part) out.push(part.toLowerCase());
  }
  return out;
}

/** English words of a normalised Latin run, Porter-stemmed. */
export function englishWords(text: string): string[] {
  return latinWords(text).map(stem);
}

/** Chinese words of a Han run by Intl.Segmenter (ICU's dictionary segmenter). */
export function chineseWords(text: string): string[] {
  // One character is one word: no segmenter call for it (a message of many short runs, “好”“好”…, makes
  // thousands of them).
  if (text.length === 1) return [text];
  const out: string[] = [];
  for (const s of segmenter.segment(text)) if (s.isWordLike) out.push(s.segment);
  return out;
}

/**
 * Chinese words of several Han runs at once, one list per run: one segmenter pass over the runs joined by
 * line breaks (no word crosses one), instead of a call per run — a message of hundreds of short clauses
 * (等了三天，等了三天，…) costs one call, not hundreds.
 */
export function chineseWordsOfRuns(texts: readonly string[]): string[][] {
  const out: string[][] = texts.map(() => []);
  if (texts.length === 0) return out;
  let run = 0;
  let end = texts[0].length;
  for (const s of segmenter.segment(texts.join('\n'))) {
    while (s.index > end && run < texts.length - 1) {
      run++;
      end += 1 + texts[run].length;
    }
    if (s.isWordLike) out[run].push(s.segment);
  }
  return out;
}

/** Word tokens of normalised text, in order: stemmed English words and segmented Chinese words. */
export function words(text: string): string[] {
  const out: string[] = [];
  for (const r of runs(text)) out.push(...(r.han ? chineseWords(r.text) : englishWords(r.text)));
  return out;
}
