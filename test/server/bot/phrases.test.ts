import { describe, expect, it } from 'vitest';
import { findPhrases, hasPhrase, isExactly, prepare, wordList, type PhraseCategory } from '../../../server/bot/phrases.ts';

const found = (text: string, category: PhraseCategory) => findPhrases(prepare(text), category);

describe('phrase lists match whole English words and Chinese substrings', () => {
  it.each<[string, PhraseCategory, boolean]>([
    ['I will sue you', 'legal', true],
    ['there is an issue with my lamp', 'legal', false],
    ['I am filing a chargeback', 'legal', true],
    ['我要找律师', 'legal', true],
    ['the courier was discriminating against me', 'discrimination', true],
    ['the toaster caught fire', 'safety', true],
    ['烤面包机冒烟了', 'safety', true],
    ['I will put this on TikTok', 'media', true],
    ['someone else can see my address', 'privacy', true],
    ['the fridge stopped working', 'productFailure', true],
    ['冰箱不工作了', 'productFailure', true],
    ['my parcel has not arrived', 'serviceProblem', true],
    ['can I speak to a real person', 'humanRequest', true],
    ['帮我转人工', 'humanRequest', true],
    ['how much is the fridge', 'humanRequest', false],
  ])('%s → %s: %s', (text, category, expected) => {
    expect(hasPhrase(prepare(text), category)).toBe(expected);
  });

  it('hears phrases of either language in a mixed message', () => {
    expect(found('please 转人工 now', 'humanRequest')).toContain('转人工');
    expect(found('我要找police', 'legal')).toContain('police');
  });

  it('reports the longest phrase, not its parts', () => {
    expect(found('let me talk to a real person', 'humanRequest')).toEqual(['real person']);
  });

  it('treats curly apostrophes like straight ones', () => {
    expect(found('the radio doesn’t work', 'productFailure')).toContain("doesn't work");
  });
});

describe('a yes or a no is the whole message', () => {
  it.each([
    ['Yes please!', 'yes', true],
    ['okay.', 'yes', true],
    ['好啊', 'yes', true],
    ['yes but where is my fridge', 'yes', false],
    ['No thanks', 'no', true],
    ['不用了', 'no', true],
    ['', 'no', false],
  ] as const)('%s is %s: %s', (text, category, expected) => {
    expect(isExactly(text, category)).toBe(expected);
  });
});

describe('every category the bot relies on has phrases in both languages', () => {
  it.each<PhraseCategory>([
    'safety', 'legal', 'media', 'privacy', 'discrimination', 'productFailure', 'serviceProblem', 'humanRequest', 'yes', 'no',
  ])('%s', (category) => {
    expect(wordList('en', category).length).toBeGreaterThan(0);
    expect(wordList('zh', category).length).toBeGreaterThan(0);
  });
});
