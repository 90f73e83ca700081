import { describe, expect, it } from 'vitest';
import type { Matcher } from '../../../server/bot/matcher.ts';
import { evaluate, percentile, predict } from '../../../server/eval/metrics.ts';

/** A matcher that answers from a table: the test is about the arithmetic, not the model. */
function tableMatcher(answers: Record<string, [string, number]>): Matcher {
  return {
    labels: ['a', 'b'],
    bytes: 0,
    classify: (text) => {
      const [intent, confidence] = answers[text];
      const other = intent === 'a' ? 'b' : 'a';
      return { lang: 'en', ranked: [{ intent, confidence }, { intent: other, confidence: 1 - confidence }] };
    },
  };
}

const matcher = tableMatcher({
  a1: ['a', 0.9],
  a2: ['a', 0.95],
  a3: ['b', 0.8], // wrong intent, confidently
  b1: ['b', 0.7],
  b2: ['b', 0.2], // right intent, but under the threshold: declined
  o1: ['a', 0.1], // declined, rightly
  o2: ['a', 0.9], // answered, wrongly
});
const test = [
  { text: 'a1', label: 'a' },
  { text: 'a2', label: 'a' },
  { text: 'a3', label: 'a' },
  { text: 'b1', label: 'b' },
  { text: 'b2', label: 'b' },
  { text: 'o1', label: 'oos' },
  { text: 'o2', label: 'oos' },
];

describe('evaluation metrics', () => {
  const r = evaluate(matcher, test, 0.5);

  it('counts in-scope and out-of-scope messages', () => {
    expect(r).toMatchObject({ examples: 7, inScope: 5, outOfScope: 2 });
  });

  it('counts a declined in-scope message as wrong', () => {
    expect(r.inScopeAccuracy).toBeCloseTo(3 / 5); // a1, a2, b1
  });

  it('counts top-1 accuracy whatever the confidence, as published figures do', () => {
    expect(r.top1Accuracy).toBeCloseTo(4 / 5); // a1, a2, b1 and the declined b2; a3 ranks the wrong intent first
  });

  it('measures how many out-of-scope messages were declined, and how many declines were right', () => {
    expect(r.oosRecall).toBeCloseTo(1 / 2); // o1 of o1, o2
    expect(r.oosPrecision).toBeCloseTo(1 / 2); // o1 of the declined o1, b2
  });

  it('averages F1 over the gold labels, out of scope included', () => {
    // a: tp 2, predicted 3 (a1 a2 o2), gold 3 → 4/6;  b: tp 1, predicted 2 (a3 b1), gold 2 → 2/4;  oos: tp 1, predicted 2, gold 2 → 2/4
    expect(r.macroF1).toBeCloseTo((4 / 6 + 1 / 2 + 1 / 2) / 3);
  });

  it('has no out-of-scope figures when nothing is out of scope or nothing is declined', () => {
    const inOnly = evaluate(matcher, test.slice(0, 2), 0.5);
    expect(inOnly.oosRecall).toBeNull();
    expect(inOnly.oosPrecision).toBeNull();
    expect(inOnly.inScopeAccuracy).toBe(1);
    expect(inOnly.macroF1).toBe(1);
  });

  it('declines under the threshold and answers at it', () => {
    expect(predict(matcher, 'b1', 0.7).label).toBe('b');
    expect(predict(matcher, 'b1', 0.71).label).toBe('oos');
  });

  it('takes percentiles by rank', () => {
    const sorted = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
    expect(percentile(sorted, 50)).toBe(6);
    expect(percentile(sorted, 99)).toBe(10);
    expect(percentile([], 50)).toBe(0);
  });
});
