import { describe, expect, it } from 'vitest';
import { chineseGroups, englishGroups, synonymIndex } from '../../../server/bot/synonyms.ts';
import { englishWords } from '../../../server/bot/tokens.ts';

// A lexicon of our own for the test, so it does not move when lexicons/synonyms.json is edited.
const index = synonymIndex([
  ['parcel', 'package', '包裹', '快递'],
  ['refund', 'money back', '退款'],
  ['warranty', 'guarantee', '保修'],
  ['price match', 'price guarantee', '比价'],
]);
const en = (text: string) => englishGroups(englishWords(text), index);

describe('domain synonym lexicon', () => {
  it('puts words of one meaning in one group, in either language', () => {
    expect(en('where is my parcel')).toEqual([0]);
    expect(en('where are my packages')).toEqual([0]);
    expect(chineseGroups('我的快递到哪了', index)).toEqual([0]);
    expect(chineseGroups('我的包裹到哪了', index)).toEqual([0]);
  });

  it('matches phrases of several words', () => {
    expect(en('can I have my money back')).toEqual([1]);
    expect(en('my money is back')).toEqual([]);
  });

  it('reads the longest phrase first, so "price guarantee" is not also a warranty', () => {
    expect(en('is there a price guarantee')).toEqual([3]);
    expect(en('is there a guarantee')).toEqual([2]);
  });

  it('counts each mention once', () => {
    expect(chineseGroups('退款和快递', index)).toEqual([1, 0]);
    expect(en('refund the parcel and the package')).toEqual([1, 0, 0]);
  });
});
