import { trainMatcher } from '../bot/matcher.ts';
import { ANSWER_THRESHOLD } from '../bot/thresholds.ts';
import type { Lang } from '../bot/types.ts';
import type { IntentPack } from './schema.ts';

const LANGS = ['en', 'zh'] as const satisfies readonly Lang[];

export interface Score {
  examples: number;
  /** Share of held-out examples whose best-ranked intent is their own. */
  accuracy: number;
  /** Share the bot would answer with their own intent, i.e. also above the answer threshold. */
  answered: number;
}

export interface CrossValidation {
  folds: number;
  byLang: Record<Lang, Score>;
  byIntent: Array<{ id: string } & Record<Lang, Score>>;
  /** The most frequent mistakes between intents (best-ranked), expected → matched. */
  confusions: Array<{ from: string; to: string; count: number }>;
}

interface Tally {
  examples: number;
  right: number;
  answered: number;
}

const score = (t: Tally | undefined): Score =>
  t && t.examples > 0 ? { examples: t.examples, accuracy: t.right / t.examples, answered: t.answered / t.examples } : { examples: 0, accuracy: 0, answered: 0 };

/**
 * k-fold cross-validation of a pack: every example is classified once by a matcher trained without it.
 * Example i of an intent and language goes to fold i mod k, so the result is the same on every run and
 * every fold holds a share of every intent in both languages.
 */
export function crossValidate(pack: IntentPack, folds = 5): CrossValidation {
  const items = pack.intents.flatMap((intent) =>
    LANGS.flatMap((lang) => intent.examples[lang].map((text, i) => ({ text, label: intent.id, lang, fold: i % folds }))),
  );
  const tallies = new Map<string, Tally>();
  const confusion = new Map<string, { from: string; to: string; count: number }>();
  const count = (key: string, right: boolean, answered: boolean) => {
    const t = tallies.get(key) ?? { examples: 0, right: 0, answered: 0 };
    t.examples++;
    if (right) t.right++;
    if (answered) t.answered++;
    tallies.set(key, t);
  };

  for (let f = 0; f < folds; f++) {
    const test = items.filter((x) => x.fold === f);
    const train = items.filter((x) => x.fold !== f);
    if (test.length === 0 || train.length === 0) continue;
    const matcher = trainMatcher(train);
    for (const x of test) {
      const best = matcher.classify(x.text, x.lang).ranked[0];
      const right = best?.intent === x.label;
      const answered = right && best.confidence >= ANSWER_THRESHOLD;
      count(x.lang, right, answered);
      count(`${x.label}\u0000${x.lang}`, right, answered);
      if (!right && best) {
        const key = `${x.label}\u0000${best.intent}`;
        const c = confusion.get(key) ?? { from: x.label, to: best.intent, count: 0 };
        c.count++;
        confusion.set(key, c);
      }
    }
  }
  return {
    folds,
    byLang: { en: score(tallies.get('en')), zh: score(tallies.get('zh')) },
    byIntent: pack.intents.map((i) => ({
      id: i.id,
      en: score(tallies.get(`${i.id}\u0000en`)),
      zh: score(tallies.get(`${i.id}\u0000zh`)),
    })),
    confusions: [...confusion.values()]
      .sort((a, b) => b.count - a.count || a.from.localeCompare(b.from) || a.to.localeCompare(b.to))
      .slice(0, 5),
  };
}
