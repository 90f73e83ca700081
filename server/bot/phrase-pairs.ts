import pairsData from '../../lexicons/signal-pairs.json' with { type: 'json' };
import { enMatches, type PhraseCategory, type Prepared } from './phrases.ts';

/**
 * The cues of lexicons/signal-pairs.json: a rule is a list of parts, each a list of alternatives, and it
 * fires when every part has an alternative in the message. "another customer's" + "address" is a leak
 * only beside "I can see"; alone it may be a question about shipping a gift.
 */
type Rule = string[][];
type Rules = Partial<Record<PhraseCategory, Rule[]>>;
const pairs = pairsData as unknown as { en: Rules; zh: Rules };

function fire(rule: Rule, has: (entry: string) => boolean): string | null {
  const hits: string[] = [];
  for (const part of rule) {
    const hit = part.find(has);
    if (hit === undefined) return null;
    hits.push(hit);
  }
  return hits.join(' … ');
}

/** The cues of a category's multi-part rules that fire on the message, e.g. "can see … another customer's … address". */
export function findPairs(p: Prepared, category: PhraseCategory): string[] {
  const found: string[] = [];
  for (const rule of pairs.en[category] ?? []) {
    const cue = fire(rule, (entry) => enMatches(p, entry));
    if (cue) found.push(cue);
  }
  for (const rule of pairs.zh[category] ?? []) {
    const cue = fire(rule, (entry) => p.compact.includes(entry));
    if (cue) found.push(cue);
  }
  return found;
}
