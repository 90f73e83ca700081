import { describe, expect, it } from 'vitest';
import { groupUnanswered, topicText } from '../../../server/reports/unanswered.ts';

describe('grouping the questions the bot could not answer', () => {
  const asked = [
    'do you do gift wrapping?',
    'can you gift wrap my order',
    'gift wrapping available?',
    'is gift wrap free',
    'do you have a store in Paris',
    'where is your shop in paris',
    'physical store paris?',
    'can I pay with bitcoin',
    'bitcoin accepted?',
    '你们有礼品包装吗',
    '可以礼品包装吗',
    'what colour is the sky',
    'Do you do gift  wrapping?',
  ];

  it('puts paraphrases together and different questions apart, most frequent first', () => {
    expect(groupUnanswered(asked).map((g) => [g.count, g.examples])).toEqual([
      [5, ['Do you do gift wrapping?', 'can you gift wrap my order', 'gift wrapping available?', 'is gift wrap free']],
      [3, ['do you have a store in Paris', 'physical store paris?', 'where is your shop in paris']],
      [2, ['bitcoin accepted?', 'can I pay with bitcoin']],
      [2, ['你们有礼品包装吗', '可以礼品包装吗']],
      [1, ['what colour is the sky']],
    ]);
  });

  it('names a group by its most frequent wording, and gives the same groups whatever the order', () => {
    const groups = groupUnanswered(asked);
    expect(groups[0]!.text).toBe('Do you do gift wrapping?');
    expect(groupUnanswered([...asked].reverse())).toEqual(groups);
  });

  it('keeps at most `limit` groups and nothing for nothing', () => {
    expect(groupUnanswered(asked, 2)).toHaveLength(2);
    expect(groupUnanswered([])).toEqual([]);
    expect(groupUnanswered(['   '])).toEqual([]);
  });

  it('compares what a question is about, not its function words; a question of function words only keeps them', () => {
    expect(topicText('do you have a store in paris')).toBe('store paris');
    expect(topicText('你们有礼品包装吗')).toBe('礼品包装');
    expect(topicText('can you help me')).toBe('can you help me');
  });
});
