import { describe, expect, it } from 'vitest';
import type { Message } from '../../protocol/message.ts';
import { lastSeq, mergeMessages } from '../../widget/app/messages.ts';

const msg = (conversationId: string, seq: number, text = `m${seq}`): Message => ({
  id: `${conversationId}-${seq}`,
  conversationId,
  seq,
  author: seq % 2 ? 'visitor' : 'bot',
  authorName: null,
  text,
  clientId: null,
  quickReplies: [],
  createdAt: seq,
});

describe('mergeMessages', () => {
  it('orders by seq and keeps one copy per id, whatever order they arrive in', () => {
    const merged = mergeMessages([msg('c1', 3), msg('c1', 1)], [msg('c1', 2), msg('c1', 3, 'newer'), msg('c1', 1)]);
    expect(merged.map((m) => [m.seq, m.text])).toEqual([
      [1, 'm1'],
      [2, 'm2'],
      [3, 'newer'],
    ]);
  });

  it('keeps an earlier conversation above a later one', () => {
    const merged = mergeMessages([msg('old', 1), msg('old', 2)], [msg('new', 1)]);
    expect(merged.map((m) => m.id)).toEqual(['old-1', 'old-2', 'new-1']);
    expect(lastSeq(merged, 'old')).toBe(2);
    expect(lastSeq(merged, 'new')).toBe(1);
    expect(lastSeq(merged, null)).toBe(0);
  });
});
