import synonymsData from '../../lexicons/synonyms.json' with { type: 'json' };
import { latinWords, stem } from './tokens.ts';

/**
 * The domain synonym groups of lexicons/synonyms.json, ready to match: English entries as sequences of
 * stemmed words (the form the matcher's word features use), Chinese entries as substrings.
 */
export interface SynonymIndex {
  /** First stemmed word → the entries starting with it, longest first: [group, the entry's stemmed words]. */
  en: Map<string, Array<[number, string[]]>>;
  /** First character → the entries starting with it, longest first: [group, entry]. */
  zh: Map<string, Array<[number, string]>>;
}

const HAN = /\p{Script=Han}/u;

function push<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key) ?? [];
  list.push(value);
  map.set(key, list);
}

export function synonymIndex(groups: readonly (readonly string[])[]): SynonymIndex {
  const index: SynonymIndex = { en: new Map(), zh: new Map() };
  groups.forEach((entries, g) => {
    for (const entry of entries) {
      if (HAN.test(entry)) push(index.zh, entry[0], [g, entry] as [number, string]);
      else {
        const seq = latinWords(entry).map(stem);
        if (seq.length > 0) push(index.en, seq[0], [g, seq] as [number, string[]]);
      }
    }
  });
  for (const list of index.en.values()) list.sort((a, b) => b[1].length - a[1].length);
  for (const list of index.zh.values()) list.sort((a, b) => b[1].length - a[1].length);
  return index;
}

export const SYNONYMS: SynonymIndex = synonymIndex(synonymsData.groups);

/**
 * The groups named in a sequence of items (stemmed words, or characters), left to right, longest entry
 * first: "price guarantee" is one mention of the price group, not also one of "guarantee" (warranty).
 * Entries of the same length in several groups all count.
 */
function scan<T extends string | string[]>(items: readonly string[], index: Map<string, Array<[number, T]>>, parts: (entry: T) => readonly string[]): number[] {
  const out: number[] = [];
  for (let i = 0; i < items.length; ) {
    let taken = 0;
    const here: number[] = [];
    for (const [g, entry] of index.get(items[i]) ?? []) {
      const seq = parts(entry);
      if (taken > seq.length) break;
      if (i + seq.length > items.length) continue;
      let ok = true;
      for (let k = 1; k < seq.length && ok; k++) ok = items[i + k] === seq[k];
      if (ok && !here.includes(g)) {
        here.push(g);
        taken = seq.length;
      }
    }
    out.push(...here);
    i += Math.max(1, taken);
  }
  return out;
}

/** The groups named in a sequence of stemmed English words, once per mention. */
export function englishGroups(words: readonly string[], index: SynonymIndex = SYNONYMS): number[] {
  return scan(words, index.en, (seq) => seq);
}

/** The groups named in a run of Chinese text, once per mention. */
export function chineseGroups(text: string, index: SynonymIndex = SYNONYMS): number[] {
  return scan([...text], index.zh, (entry) => [...entry]);
}
