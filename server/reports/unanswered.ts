import vagueData from '../../lexicons/vague.json' with { type: 'json' };
import type { UnansweredGroup } from '../../protocol/index.ts';
import { DEFAULT_FEATURES, terms, Vectorizer, type Sparse } from '../bot/features.ts';
import { normalize } from '../bot/normalize.ts';

/**
 * Cosine at which two questions are one. With the matcher's features of their topic words, paraphrases
 * ("do you do gift wrapping?" / "is gift wrap free", "can I pay with bitcoin" / "bitcoin accepted?")
 * score about 0.3–0.6 and different questions under 0.15 (test/server/reports/unanswered.test.ts).
 */
export const SAME_QUESTION = 0.25;
/** Distinct wordings compared at most (the most frequent): grouping is quadratic in the worst case. */
export const MAX_WORDINGS = 2000;
const EXAMPLES = 5;

interface Wording {
  key: string;
  text: string;
  count: number;
}

const vague = vagueData as unknown as { en: string[]; zh: string[] };
const NO_TOPIC_EN = new Set(vague.en.filter((w) => !w.includes(' ')));
// Longest first, so that 有问题 goes before 问题 and 有.
const NO_TOPIC_ZH = [...vague.zh].sort((a, b) => b.length - a.length);

/**
 * What a question is about: without the words that name no topic (lexicons/vague.json: "do you", "can
 * I", 你们, 吗), which would otherwise make "do you do gift wrapping?" look like "do you have a store?".
 * A question made only of such words keeps them all.
 */
export function topicText(key: string): string {
  let t = key.replace(/[a-z0-9']+/g, (w) => (NO_TOPIC_EN.has(w) ? ' ' : w));
  for (const w of NO_TOPIC_ZH) if (t.includes(w)) t = t.split(w).join(' ');
  t = t.replace(/\s+/g, ' ').trim();
  return /[\p{L}\p{N}]/u.test(t) ? t : key;
}

const dot = (leader: Map<number, number>, v: Sparse) => {
  let s = 0;
  for (let i = 0; i < v.idx.length; i++) s += (leader.get(v.idx[i]!) ?? 0) * v.val[i]!;
  return s;
};

/**
 * Groups the questions the bot could not answer by what they ask, with the matcher's own features (TF-IDF
 * of stemmed words, synonym groups and character n-grams, fitted on these questions' topic words): the same wording is
 * one entry however often it came, then each wording — most frequent first — joins the group whose first
 * wording it is most similar to, if at least SAME_QUESTION, or starts a group. Deterministic: ties are
 * broken by the text. Groups come most frequent first, at most `limit`.
 */
export function groupUnanswered(texts: string[], limit = 20): UnansweredGroup[] {
  const byKey = new Map<string, Wording>();
  for (const text of texts) {
    const key = normalize(text);
    if (!key) continue;
    const shown = text.trim().replace(/\s+/g, ' ');
    const w = byKey.get(key);
    if (!w) byKey.set(key, { key, text: shown, count: 1 });
    else {
      w.count++;
      // Wordings alike but for case or spacing show as one of them, the same whatever the order they came in.
      if (shown < w.text) w.text = shown;
    }
  }
  const wordings = [...byKey.values()].sort((a, b) => b.count - a.count || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)).slice(0, MAX_WORDINGS);
  const features = wordings.map((w) => terms(topicText(w.key), DEFAULT_FEATURES));
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
