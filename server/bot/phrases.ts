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

/** An English phrase in the message, by whole words; a trailing * matches any ending. */
export function enMatches(p: Prepared, phrase: string): boolean {
  if (phrase.endsWith('*')) return p.words.includes(` ${phrase.slice(0, -1)}`);
  return p.words.includes(` ${phrase} `);
}

/** The phrases of a category that occur in the message (English by whole words, Chinese by substring). */
export function findPhrases(p: Prepared, category: PhraseCategory): string[] {
  const found: string[] = [];
  for (const phrase of signals.en[category]) if (enMatches(p, phrase)) found.push(phrase);
  for (const phrase of signals.zh[category]) if (p.compact.includes(phrase)) found.push(phrase);
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
