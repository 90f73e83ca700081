import { join } from 'node:path';
import Database from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import { CONVERSATION_PAGE, type ConversationSummary, type SearchHit } from '../../../protocol/index.ts';
import { BOT_IDLE_MS } from '../../../server/desk/agent-lists.ts';
import type { TestServer } from '../../support/server.ts';
import { deskFixture, newHandoff, ok, type SignedIn } from '../desk-peers.ts';

// The lists agents work from: who waits is always listed, however busy the bot is; the rest is paged.

const desk = deskFixture({ agents: ['Ada'] });
let server: TestServer;
let ada: SignedIn;
let urgentId: string;
const BOT_CHATS = 600;

beforeAll(async () => {
  [server, ada] = [desk.server, desk.agent('Ada')];
  await ok(ada.emit('agent:status', { status: 'away' }));
  // An urgent handoff waits first…
  const urgent = await newHandoff(server, 'my charger caught fire and burned my hand');
  urgentId = urgent.conversationId;
  urgent.visitor.close();
  // …then 600 newer bot chats happen (written through the store: the lists read only the store).
  for (let i = 0; i < BOT_CHATS; i++) {
    const v = await server.store.createVisitor();
    const { conversation: c } = await server.store.createConversation({ visitorId: v.id, locale: 'en', pageUrl: null, actor: { kind: 'visitor', id: v.id } });
    await server.store.appendMessage({ conversationId: c.id, author: 'visitor', senderId: v.id, authorName: null, text: i === 7 ? 'Does the teapot come in 退货 blue?' : `question ${i}`, clientId: null });
  }
});

describe('the agents’ lists', () => {
  it('always lists a waiting urgent conversation, however many newer bot chats there are', async () => {
    const list = await ok(ada.emit<{ conversations: ConversationSummary[] }>('queue:list', {}));
    expect(list.conversations.map((c) => [c.id, c.status, c.priority])).toEqual([[urgentId, 'queued', 'urgent']]);
  });

  it('pages the bot conversations, newest first, without repeats', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      type Page = { conversations: ConversationSummary[]; next: string | null };
      const page: Page = await ok(ada.emit<Page>('conversations:page', { view: 'bot', cursor }));
      expect(page.conversations.length).toBeLessThanOrEqual(CONVERSATION_PAGE);
      seen.push(...page.conversations.map((c) => c.id));
      cursor = page.next;
      pages++;
    } while (cursor && pages < 20);
    expect(seen).toHaveLength(BOT_CHATS);
    expect(new Set(seen).size).toBe(BOT_CHATS);
    expect(pages).toBe(Math.ceil(BOT_CHATS / CONVERSATION_PAGE));
    expect(seen).not.toContain(urgentId);
    expect(await ada.emit('conversations:page', { view: 'bot', cursor: 'not a cursor' })).toEqual({ ok: false, error: 'invalid_payload' });
  });

  it('drops bot conversations that went quiet out of the live bot list', async () => {
    const first = await ok(ada.emit<{ conversations: ConversationSummary[] }>('conversations:page', { view: 'bot', cursor: null }));
    const quiet = first.conversations[0]!;
    // Half an hour without a word: its last activity moved back in the file itself.
    const raw = new Database(join(server.dataDir, 'parley.db'));
    raw.prepare('UPDATE conversations SET updated_at = ? WHERE id = ?').run(Date.now() - BOT_IDLE_MS - 1000, quiet.id);
    raw.close();
    const again = await ok(ada.emit<{ conversations: ConversationSummary[] }>('conversations:page', { view: 'bot', cursor: null }));
    expect(again.conversations.map((c) => c.id)).not.toContain(quiet.id);
  });

  it('finds a conversation by what the visitor wrote, in English or Chinese', async () => {
    const en = await ok(ada.emit<{ results: SearchHit[] }>('conversations:search', { query: 'teapot', cursor: null }));
    expect(en.results.map((r) => r.match.text)).toEqual(['Does the teapot come in 退货 blue?']);
    expect(en.results[0]!.conversation.lastVisitorMessage?.text).toBe('Does the teapot come in 退货 blue?');
    const zh = await ok(ada.emit<{ results: SearchHit[] }>('conversations:search', { query: '退货', cursor: null }));
    expect(zh.results).toHaveLength(1);
    expect(await ada.emit('conversations:search', { query: 'x', cursor: null })).toEqual({ ok: false, error: 'invalid_payload' });
  });

  it('lists resolved conversations, most recently resolved first, once they leave the waiting list', async () => {
    await ok(ada.emit('conversation:resolve', { conversationId: urgentId }));
    const list = await ok(ada.emit<{ conversations: ConversationSummary[] }>('queue:list', {}));
    expect(list.conversations).toEqual([]);
    const resolved = await ok(ada.emit<{ conversations: ConversationSummary[]; next: string | null }>('conversations:page', { view: 'resolved', cursor: null }));
    expect(resolved.conversations.map((c) => c.id)).toEqual([urgentId]);
    expect(resolved.next).toBeNull();
  });
});
