import { describe, expect, it } from 'vitest';
import { chineseSentiment, englishSentiment, sentiment } from '../../../server/bot/sentiment.ts';

describe('English sentiment reads negation and intensifiers', () => {
  it.each([
    ['the lamp is nice', 3],
    ['the lamp is not nice', -3],
    ['the lamp is very nice', 4.5],
    ['the lamp is not very nice', -4.5],
    // A negated negative is mild praise, not the opposite extreme.
    ['the lamp is not bad', 1.5],
    ["the lamp isn't bad", 1.5],
    ['no problem', 0.5],
    // A negation does not reach across a comma.
    ['not sure, great', 3],
    // Nor further than two words back.
    ['I cannot tell you how good it is', 3],
  ])('%s → %f', (text, total) => {
    expect(englishSentiment(text).total).toBeCloseTo(total);
  });

  it('quotes the negation and intensifier with the word', () => {
    expect(englishSentiment('the lamp is not very nice').hits.map((h) => h.word)).toEqual(['not very nice']);
  });

  it('reads a name listed at zero as one item, not word by word', () => {
    // "customer care" is a department and "shocking pink" a colour: neither "care" nor "shocking" counts.
    expect(englishSentiment('a call from customer care').hits).toEqual([]);
    expect(englishSentiment('the scarf in shocking pink').hits).toEqual([]);
  });

  it('scores plurals like their singular', () => {
    expect(englishSentiment('what idiots').total).toBeLessThan(0);
  });

  it('does not read a calm report of a problem as anger', () => {
    for (const text of ['sadly the lamp arrived broken', 'I am afraid the lamp is missing', 'what kind of bulb does it take'])
      expect(englishSentiment(text).total).toBeGreaterThanOrEqual(-1);
  });
});

describe('Chinese sentiment reads negation and intensifiers', () => {
  it.each([
    ['灯很好', 3],
    ['灯不好', -2],
    ['灯不错', 2],
    ['一点都不失望', 1.5],
    ['我非常失望', -3],
    ['我很生气', -4.5],
    // Greetings hold 好 but are not praise.
    ['你好呀', 0],
    ['不好意思，问一下', 0],
  ])('%s → %f', (text, total) => {
    expect(chineseSentiment(text).total).toBeCloseTo(total);
  });

  it('does not carry a negation across a comma', () => {
    expect(chineseSentiment('不是，太好了').total).toBeGreaterThan(0);
  });
});

describe('mixed messages use both lexicons', () => {
  it('adds the English and the Chinese words', () => {
    const s = sentiment('this lamp is terrible，太差了');
    expect(s.hits.map((h) => h.word)).toEqual(['terrible', '太差']);
    expect(s.total).toBeLessThan(-4);
  });
});
