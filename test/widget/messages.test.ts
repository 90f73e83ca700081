import { describe, expect, it } from 'vitest';
import type { Message } from '../../protocol/message.ts';
import { lastSeq, mergeMessages, withPage } from '../../widget/app/messages.ts';

const msg = (conversationId: string, seq: number, text = `m${seq}`): Message => ({
  id: `${conversationId}-${seq}`,
  conversationId,
  seq,
  author: seq % 2 ? 'visitor' : 'bot',
  authorName: null,
  text,
  clientId: null,
  attachments: [],
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

describe('withPage (a session:hello page)', () => {
  const held = [msg('old', 1), msg('c1', 1), msg('c1', 2), msg('c1', 3)];
  const ids = (list: Message[]) => list.map((m) => m.id);

  it('continues what is held when the page follows on from it', () => {
    expect(ids(withPage(held, [msg('c1', 4), msg('c1', 5)], 3, false))).toEqual(['old-1', 'c1-1', 'c1-2', 'c1-3', 'c1-4', 'c1-5']);
  });

  it("drops the conversation's held messages when older ones exist between them and the page (no hole in the log)", () => {
    expect(ids(withPage(held, [msg('c1', 60), msg('c1', 61)], 3, true))).toEqual(['old-1', 'c1-60', 'c1-61']);
  });

  it('keeps everything on a fresh load, which holds none of the conversation', () => {
    expect(ids(withPage([msg('old', 1)], [msg('c1', 51), msg('c1', 52)], 0, true))).toEqual(['old-1', 'c1-51', 'c1-52']);
  });
});
