import type { UnansweredGroup } from '../../protocol/index.ts';
import { DEFAULT_FEATURES, terms, Vectorizer, type Sparse } from '../bot/features.ts';
import { normalize } from '../bot/normalize.ts';

/**
 * Cosine at which two questions are one. With the matcher's features fitted on a handful of questions,
 * paraphrases ("do you do gift wrapping?", "is gift wrap free", "can I pay with bitcoin" / "bitcoin
 * accepted?") scored 0.29–0.41 and different questions sharing only "do you" up to 0.27
 * (test/server/reports/unanswered.test.ts keeps those cases).
 */
export const SAME_QUESTION = 0.28;
/** Distinct wordings compared at most (the most frequent): grouping is quadratic in the worst case. */
export const MAX_WORDINGS = 2000;
const EXAMPLES = 5;

interface Wording {
  key: string;
  text: string;
  count: number;
}

const dot = (leader: Map<number, number>, v: Sparse) => {
  let s = 0;
  for (let i = 0; i < v.idx.length; i++) s += (leader.get(v.idx[i]!) ?? 0) * v.val[i]!;
  return s;
};

/**
 * Groups the questions the bot could not answer by what they ask, with the matcher's own features (TF-IDF
 * of stemmed words, synonym groups and character n-grams, fitted on these questions): the same wording is
 * one entry however often it came, then each wording — most frequent first — joins the group whose first
 * wording it is most similar to, if at least SAME_QUESTION, or starts a group. Deterministic: ties are
 * broken by the text. Groups come most frequent first, at most `limit`.
 */
export function groupUnanswered(texts: string[], limit = 20): UnansweredGroup[] {
  const byKey = new Map<string, Wording>();
  for (const text of texts) {
    const key = normalize(text);
    if (!key) continue;
    const w = byKey.get(key);
    if (w) w.count++;
    else byKey.set(key, { key, text: text.trim().replace(/\s+/g, ' '), count: 1 });
  }
  const wordings = [...byKey.values()].sort((a, b) => b.count - a.count || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)).slice(0, MAX_WORDINGS);
  const features = wordings.map((w) => terms(w.key, DEFAULT_FEATURES));
  const vectorizer = new Vectorizer(DEFAULT_FEATURES.wordWeight, DEFAULT_FEATURES.synonyms).fit(features);
  const vectors = features.map((f) => vectorizer.transform(f));

  const groups: Array<{ leader: Map<number, number>; members: Wording[]; count: number }> = [];
  wordings.forEach((w, i) => {
    const v = vectors[i]!;
    let best = -1;
    let bestScore = SAME_QUESTION;
    groups.forEach((g, gi) => {
      const score = dot(g.leader, v);
      if (score >= bestScore + 1e-9 || (best === -1 && score >= bestScore)) {
        best = gi;
        bestScore = score;
      }
    });
    if (best === -1) {
      const leader = new Map<number, number>();
      v.idx.forEach((id, k) => leader.set(id, v.val[k]!));
      groups.push({ leader, members: [w], count: w.count });
    } else {
      groups[best]!.members.push(w);
      groups[best]!.count += w.count;
    }
  });
  return groups
    .map((g, order) => ({ g, order }))
    .sort((a, b) => b.g.count - a.g.count || a.order - b.order)
    .slice(0, limit)
    .map(({ g }) => ({ text: g.members[0]!.text, count: g.count, examples: g.members.slice(0, EXAMPLES).map((m) => m.text) }));
}
