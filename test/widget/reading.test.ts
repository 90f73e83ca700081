import { describe, expect, it } from 'vitest';
import type { Message } from '../../protocol/message.ts';
import { parseMark, unreadOf } from '../../widget/app/reading.ts';

const msg = (conversationId: string, seq: number, author: Message['author']): Message => ({
  id: `${conversationId}-${seq}`,
  conversationId,
  seq,
  author,
  authorName: null,
  text: `m${seq}`,
  clientId: null,
  quickReplies: [],
  attachments: [],
  createdAt: seq,
});

const log = [msg('c1', 1, 'visitor'), msg('c1', 2, 'bot'), msg('c2', 1, 'visitor'), msg('c2', 2, 'bot'), msg('c2', 3, 'system'), msg('c2', 4, 'agent'), msg('c2', 5, 'visitor'), msg('c2', 6, 'agent')];

describe('unreadOf', () => {
  it('counts the agent and bot messages of the conversation after the read mark, not the visitor\'s own or notices', () => {
    expect(unreadOf(log, 'c2', { c: 'c2', s: 2 }).map((m) => m.seq)).toEqual([4, 6]);
    expect(unreadOf(log, 'c2', { c: 'c2', s: 6 })).toEqual([]);
  });

  it('counts a whole conversation the mark does not name as unread (a new one started elsewhere)', () => {
    expect(unreadOf(log, 'c2', { c: 'c1', s: 2 }).map((m) => m.seq)).toEqual([2, 4, 6]);
  });
});

describe('parseMark', () => {
  it('reads what was stored, and nothing from anything else', () => {
    expect(parseMark('{"c":"c2","s":4}')).toEqual({ c: 'c2', s: 4 });
    for (const bad of [null, undefined, '', 'null', '[]', '{"c":2,"s":4}', '{"c":"c2"}', 'not json']) expect(parseMark(bad)).toBeNull();
  });
});
