import { describe, expect, it } from 'vitest';
import { detectFrustration } from '../../../server/bot/frustration.ts';
import { detectMood } from '../../../server/bot/mood.ts';
import { prepare } from '../../../server/bot/phrases.ts';

const moodOf = (text: string) => detectMood(prepare(text), text, detectFrustration(text)).mood;

describe('the mood of one message', () => {
  it.each([
    'where is my parcel',
    'do you ship to Canada',
    '我的快递到哪了',
    'can I pay with PayPal?',
    'thanks, that was quick!',
    '东西不错，物流也很快',
    'no problem, I can wait',
  ])('reads an ordinary message as calm: %s', (text) => expect(moodOf(text)).toBe('calm'));

  it.each([
    'the lamp arrived broken',
    'still not received my order and nobody has answered my email',
    'I have been on hold for 2 hours',
    'really disappointed with the quality',
    '还没到，太慢了',
    '质量太差，用了两天就坏了',
    '不满意，和图片不一样',
  ])('reads a complaint as unhappy: %s', (text) => expect(moodOf(text)).toBe('unhappy'));

  it.each(['your service is useless!!!', '太差劲了，我要投诉', 'I am furious, this is a disgrace', 'WHERE IS MY REFUND', '气死我了，骗子！'])(
    'reads strong emotion, insults, threats and shouting as angry: %s',
    (text) => expect(moodOf(text)).toBe('angry'),
  );

  it('lets praise before a "but" cushion the complaint rather than cancel it', () => {
    expect(moodOf('物流还不错，但是东西难吃，不会再买了')).toBe('unhappy');
    expect(moodOf('the crew were great but we sat on the tarmac for 3 hours')).toBe('unhappy');
  });

  it('reads negated praise as a complaint', () => {
    expect(moodOf('not happy with this at all')).toBe('unhappy');
    expect(moodOf('这次买的不满意')).toBe('unhappy');
  });
});
