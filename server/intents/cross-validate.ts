import { trainMatcher } from '../bot/matcher.ts';
import { ANSWER_THRESHOLD } from '../bot/thresholds.ts';
import type { Lang } from '../bot/types.ts';
import type { IntentPack } from './schema.ts';

export interface CrossValidation {
  folds: number;
  /** Share of held-out examples answered with their own intent (an "I don't know" counts as wrong). */
  byLang: Record<Lang, { accuracy: number; examples: number }>;
  byIntent: Array<{ id: string; accuracy: number; examples: number }>;
  /** Most frequent confusions, gold → predicted ("oos" when the bot would have said it does not know). */
  confusions: Array<{ from: string; to: string; count: number }>;
}

/**
 * k-fold cross-validation of a pack: every example is classified once by a matcher trained without it.
 * Example i goes to fold i mod k within its intent and language, so the result is the same on every run
 * and every fold holds a share of every intent.
 */
export function crossValidate(pack: IntentPack, folds = 5): CrossValidation {
  const items = pack.intents.flatMap((intent) =>
    (['en', 'zh'] as const).flatMap((lang) => intent.examples[lang].map((text, i) => ({ text, label: intent.id, lang, fold: i % folds }))),
  );
  const right = new Map<string, number>();
  const total = new Map<string, number>();
  const confusion = new Map<string, number>();
  const bump = (m: Map<string, number>, k: string) => m.set(k, (m.get(k) ?? 0) + 1);

  for (let f = 0; f < folds; f++) {
    const test = items.filter((x) => x.fold === f);
    if (test.length === 0) continue;
    const matcher = trainMatcher(items.filter((x) => x.fold !== f));
    for (const x of test) {
      const best = matcher.classify(x.text, x.lang).ranked[0];
      const predicted = best && best.confidence >= ANSWER_THRESHOLD ? best.intent : 'oos';
      bump(total, x.label);
      bump(total, `lang:${x.lang}`);
      if (predicted === x.label) {
        bump(right, x.label);
        bump(right, `lang:${x.lang}`);
      } else bump(confusion, `${x.label}\u0000${predicted}`);
    }
  }
  const share = (k: string) => (right.get(k) ?? 0) / Math.max(1, total.get(k) ?? 0);
  return {
    folds,
    byLang: {
      en: { accuracy: share('lang:en'), examples: total.get('lang:en') ?? 0 },
      zh: { accuracy: share('lang:zh'), examples: total.get('lang:zh') ?? 0 },
    },
    byIntent: pack.intents.map((i) => ({ id: i.id, accuracy: share(i.id), examples: total.get(i.id) ?? 0 })),
    confusions: [...confusion]
      .map(([k, count]) => {
        const [from, to] = k.split('\u0000');
        return { from, to, count };
      })
      .sort((a, b) => b.count - a.count || a.from.localeCompare(b.from))
      .slice(0, 5),
  };
}
