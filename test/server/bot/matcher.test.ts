import { describe, expect, it } from 'vitest';
import { trainMatcher, type TrainingExample } from '../../../server/bot/matcher.ts';
import { ANSWER_THRESHOLD } from '../../../server/bot/thresholds.ts';

// Our own sentences: a tiny bakery's questions, in English and Chinese.
const examples: Record<string, { en: string[]; zh: string[] }> = {
  opening_hours: {
    en: ['when do you open', 'what are your opening hours', 'are you open on sunday', 'what time do you close tonight', 'is the shop open today', 'hours on public holidays'],
    zh: ['你们几点开门', '营业时间是什么', '周日营业吗', '今晚几点关门', '今天开店吗', '节假日营业时间'],
  },
  cake_order: {
    en: ['i want to order a birthday cake', 'can i order a cake for saturday', 'custom cake with my name on it', 'how early should i order a wedding cake', 'order a chocolate cake', 'do you make cakes to order'],
    zh: ['我想订一个生日蛋糕', '可以预订周六的蛋糕吗', '定制写名字的蛋糕', '婚礼蛋糕要提前多久订', '订一个巧克力蛋糕', '你们接受蛋糕预订吗'],
  },
  allergens: {
    en: ['does the bread contain nuts', 'do you have gluten free bread', 'is there milk in the croissants', 'allergy information for the muffins', 'are your cookies safe for a peanut allergy', 'which items are vegan'],
    zh: ['面包里有坚果吗', '有无麸质面包吗', '牛角包含牛奶吗', '松饼的过敏原信息', '花生过敏能吃你们的饼干吗', '哪些是纯素的'],
  },
  delivery: {
    en: ['do you deliver', 'can you bring the order to my house', 'how much is delivery', 'delivery to the city centre', 'how long does delivery take', 'is delivery free over twenty pounds'],
    zh: ['你们送货吗', '能送到我家吗', '配送费多少', '送到市中心吗', '配送要多久', '满多少免运费'],
  },
};
const train: TrainingExample[] = Object.entries(examples).flatMap(([label, { en, zh }]) => [...en, ...zh].map((text) => ({ text, label })));
const matcher = trainMatcher(train);
const top = (text: string) => matcher.classify(text).ranked[0];

describe('intent matcher', () => {
  it.each([
    ['what time do you open on saturday', 'opening_hours'],
    ['I would like to order a cake for my daughter', 'cake_order'],
    ['is there any nut in the walnut loaf', 'allergens'],
    ['could you deliver to my office', 'delivery'],
    ['周六几点开门', 'opening_hours'],
    ['我要订蛋糕', 'cake_order'],
    ['这个面包有坚果吗', 'allergens'],
    ['可以送货上门吗', 'delivery'],
  ])('understands %j as %s', (text, intent) => {
    expect(top(text).intent).toBe(intent);
  });

  it.each([
    ['wen do u opn', 'opening_hours'],
    ['ordr a birthdy cake', 'cake_order'],
    ['glutn free bred?', 'allergens'],
    ['how much is delivry', 'delivery'],
  ])('tolerates the typos in %j (%s)', (text, intent) => {
    expect(top(text).intent).toBe(intent);
  });

  // Gibberish only: with four intents, a real but off-topic sentence ("what is the capital of peru") still
  // lands near the threshold; larger packs spread it thinner (bench/matcher.ts measures out-of-scope recall).
  it.each(['qwzx plort vrindle', 'asdf jkl', '🙂🙂🙂', '12345', '???'])(
    'gives the gibberish %j a confidence below the answer threshold',
    (text) => {
      expect(top(text).confidence).toBeLessThan(ANSWER_THRESHOLD);
    },
  );

  it('answers confidently when a message is close to an example', () => {
    expect(top('what are your opening hours today').confidence).toBeGreaterThanOrEqual(ANSWER_THRESHOLD);
    expect(top('我想订生日蛋糕').confidence).toBeGreaterThanOrEqual(ANSWER_THRESHOLD);
  });

  it('ranks every intent, best first, with confidences that sum to at most 1', () => {
    const { ranked } = matcher.classify('do you deliver');
    expect(ranked.map((r) => r.intent).sort()).toEqual(Object.keys(examples).sort());
    for (let i = 1; i < ranked.length; i++) expect(ranked[i - 1].confidence).toBeGreaterThanOrEqual(ranked[i].confidence);
    expect(ranked.reduce((s, r) => s + r.confidence, 0)).toBeLessThanOrEqual(1 + 1e-9);
  });

  it('tells the language by the letters, and falls back to the conversation language', () => {
    expect(matcher.classify('配送要多久').lang).toBe('zh');
    expect(matcher.classify('how long is delivery').lang).toBe('en');
    expect(matcher.classify('👍', 'zh').lang).toBe('zh');
  });

  it('meets a word it was never taught through the synonym lexicon, across languages', () => {
    // Refunds taught in English only; the visitor writes Chinese, or another English word for the same thing.
    const shop = trainMatcher([
      ...['i want my money back', 'can i get a refund', 'refund please', 'how do i get reimbursed'].map((text) => ({ text, label: 'refund' })),
      ...['where is my package', 'track my package', 'has my package shipped', 'package tracking'].map((text) => ({ text, label: 'tracking' })),
      ...['do you have this in blue', 'is the red one in stock', 'when will it be back in stock', 'sold out?'].map((text) => ({ text, label: 'stock' })),
    ]);
    expect(shop.classify('退款').ranked[0].intent).toBe('refund');
    expect(shop.classify('parcel?').ranked[0].intent).toBe('tracking');
  });

  it('gives the same answer every time it is trained on the same examples', () => {
    const again = trainMatcher(train);
    expect(again.classify('vegan cookies?').ranked).toEqual(matcher.classify('vegan cookies?').ranked);
  });
});
