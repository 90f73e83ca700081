import { describe, expect, it } from 'vitest';
import { crossValidate } from '../../../server/intents/cross-validate.ts';
import type { Intent, IntentPack } from '../../../server/intents/schema.ts';
import { BAKERY } from '../../support/bakery-pack.ts';

const packOf = (intents: typeof BAKERY): IntentPack => ({
  intents: Object.entries(intents).map(
    ([id, examples]): Intent => ({ id, title: { en: id, zh: id }, examples, answer: { en: 'a', zh: 'a' }, followUps: [], handoff: false }),
  ),
});

describe('cross-validating a pack', () => {
  it('classifies every example exactly once, per intent and per language, the same way every run', () => {
    const cv = crossValidate(packOf(BAKERY));
    expect(cv.folds).toBe(5);
    expect(cv.byLang.en.examples).toBe(15);
    expect(cv.byLang.zh.examples).toBe(15);
    expect(cv.byIntent.map((i) => [i.id, i.en.examples, i.zh.examples])).toEqual([
      ['cake_order', 5, 5],
      ['gluten_free', 5, 5],
      ['bakery_hours', 5, 5],
    ]);
    for (const s of [cv.byLang.en, cv.byLang.zh, ...cv.byIntent.flatMap((i) => [i.en, i.zh])]) {
      expect(s.accuracy).toBeGreaterThanOrEqual(0);
      expect(s.answered).toBeLessThanOrEqual(s.accuracy);
      expect(s.accuracy).toBeLessThanOrEqual(1);
    }
    expect(crossValidate(packOf(BAKERY))).toEqual(cv);
  });

  it('names two intents asked the same way as the most confused pair', () => {
    const twins = { ...BAKERY, cake_order_copy: BAKERY.cake_order };
    const [top] = crossValidate(packOf(twins)).confusions;
    expect([top.from, top.to].sort()).toEqual(['cake_order', 'cake_order_copy']);
  });
});
