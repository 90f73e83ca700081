import signalsData from '../../lexicons/signals.json' with { type: 'json' };

/**
 * Phrase lists from lexicons/signals.json and the one way they are matched. Every list is checked in both
 * languages on every message: a Chinese visitor who writes "lawyer" or an English one who writes "转人工"
 * is still heard, and the lists are small enough that this costs nothing.
 */
export type PhraseCategory =
  | 'humanRequest'
  | 'complaint'
  | 'sarcasmPhrases'
  | 'sarcasmOpeners'
  | 'sarcasmCues'
  /** Praise that means it ("thanks", "will order again"): a praise opener followed by one is not sneering. */
  | 'sincere'
  | 'safety'
  | 'legal'
  | 'media'
  | 'privacy'
  | 'discrimination'
  | 'productFailure'
  | 'serviceProblem'
  | 'intensifiers'
  | 'negations'
  | 'yes'
  | 'no'
  /** Chinese compounds that contain a complaint phrase but say something plain: 垃圾桶 is a bin, 没用上 "did not get to use". */
  | 'notComplaint';

type Lists = Record<PhraseCategory, string[]>;
const signals = signalsData as unknown as { en: Lists; zh: Lists };

/** A message prepared once for phrase matching. */
export interface Prepared {
  /** Lower-case Latin words separated by single spaces, padded with a space at each end. */
  words: string;
  /** Lower-case text with all spaces removed, for Chinese substrings. */
  compact: string;
}

const APOSTROPHES = /[\u2018\u2019\u02bc`]/g;

export function prepare(text: string): Prepared {
  const lower = text.normalize('NFKC').toLowerCase().replace(APOSTROPHES, "'");
  const words = lower.replace(/[^a-z0-9'&-]+/g, ' ').replace(/\s+/g, ' ').trim();
  return { words: ` ${words} `, compact: lower.replace(/\s+/g, '') };
}

/** Each phrase as the padded string searched for; every message checks a few thousand of them. */
const needles = new Map<string, string>();

/** An English phrase in the message, by whole words; a trailing * matches any ending. */
export function enMatches(p: Prepared, phrase: string): boolean {
  let needle = needles.get(phrase);
  if (needle === undefined) {
    needle = phrase.endsWith('*') ? ` ${phrase.slice(0, -1)}` : ` ${phrase} `;
    needles.set(phrase, needle);
  }
  return p.words.includes(needle);
}

/**
 * A category's lists arranged for lookup. A message is checked against a few thousand phrases, and most
 * cannot match: an English phrase only where the message has its first word, a Chinese one only where the
 * message has Chinese at all (the few entries without Han, such as "12315" or "b站", are always checked).
 */
interface Lookup {
  byFirstWord: Map<string, number[]>;
  /** English entries whose first word is a prefix ("smoulder*"): checked on every message. */
  prefixed: number[];
  /** Chinese entries: all of them for a message with Han, else only those without. */
  all: number[];
  other: number[];
}

const lookups = new Map<PhraseCategory, Lookup>();
const HAN = /\p{Script=Han}/u;

function lookupOf(category: PhraseCategory): Lookup {
  let l = lookups.get(category);
  if (l) return l;
  l = { byFirstWord: new Map(), prefixed: [], all: [], other: [] };
  signals.en[category].forEach((phrase, i) => {
    const first = phrase.split(' ')[0];
    if (first.endsWith('*')) l!.prefixed.push(i);
    else l!.byFirstWord.set(first, [...(l!.byFirstWord.get(first) ?? []), i]);
  });
  signals.zh[category].forEach((phrase, i) => {
    l!.all.push(i);
    if (!HAN.test(phrase)) l!.other.push(i);
  });
  lookups.set(category, l);
  return l;
}

/** The phrases of a category that occur in the message (English by whole words, Chinese by substring), in list order. */
export function findPhrases(p: Prepared, category: PhraseCategory): string[] {
  const found: string[] = [];
  const l = lookupOf(category);
  const en = signals.en[category];
  const candidates = [...l.prefixed];
  for (const word of new Set(p.words.trim().split(' '))) {
    const at = l.byFirstWord.get(word);
    if (at) candidates.push(...at);
  }
  candidates.sort((a, b) => a - b);
  for (const i of candidates) if (enMatches(p, en[i])) found.push(en[i]);
  const zh = signals.zh[category];
  const zhCandidates = HAN.test(p.compact) ? l.all : l.other;
  for (const i of zhCandidates) if (p.compact.includes(zh[i])) found.push(zh[i]);
  // "real person" also contains "person"-less shorter entries such as "human"; report the longest only.
  return found.filter((f) => !found.some((g) => g !== f && g.length > f.length && g.includes(f.replace('*', ''))));
}

export function hasPhrase(p: Prepared, category: PhraseCategory): boolean {
  return findPhrases(p, category).length > 0;
}

/** The message, stripped of punctuation and spaces, is one of the category's answers ("yes", "好的"). */
export function isExactly(text: string, category: 'yes' | 'no'): boolean {
  const key = text
    .normalize('NFKC')
    .toLowerCase()
    .replace(APOSTROPHES, "'")
    .replace(/[^\p{L}\p{N}' ]+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  if (key === '') return false;
  return signals.en[category].includes(key) || signals.zh[category].includes(key.replace(/ /g, ''));
}

export function wordList(lang: 'en' | 'zh', category: PhraseCategory): readonly string[] {
  return signals[lang][category];
}
