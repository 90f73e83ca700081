import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSqliteStore } from '../../../server/store/sqlite.ts';
import { MIGRATIONS } from '../../../server/store/sqlite/migrations.ts';
import type { Store } from '../../../server/store/store.ts';

let dir: string;
let file: string;
let store: Store;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'parley-store-'));
  file = join(dir, 'nested', 'parley.db');
  store = createSqliteStore({ file });
});

afterEach(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

async function newConversation() {
  const visitor = await store.createVisitor();
  const conv = await store.createConversation({ visitorId: visitor.id, locale: 'en', pageUrl: null, actor: { kind: 'visitor', id: visitor.id } });
  return { visitor, conv };
}

const say = (conversationId: string, senderId: string, text: string, clientId: string | null = null) =>
  store.appendMessage({ conversationId, author: 'visitor', senderId, authorName: null, text, clientId });

describe('sqlite store', () => {
  it('numbers messages 1, 2, 3 within a conversation and lists them in order', async () => {
    const { visitor, conv } = await newConversation();
    for (const text of ['one', 'two', 'three']) await say(conv.id, visitor.id, text);
    const rows = await store.listMessages(conv.id);
    expect(rows.map((m) => [m.seq, m.text])).toEqual([
      [1, 'one'],
      [2, 'two'],
      [3, 'three'],
    ]);
    expect((await store.listMessages(conv.id, { afterSeq: 1, limit: 1 })).map((m) => m.text)).toEqual(['two']);
    expect((await store.lastMessage(conv.id))?.text).toBe('three');
  });

  it('stores a resend with the same client id once and returns the first copy', async () => {
    const { visitor, conv } = await newConversation();
    const first = await say(conv.id, visitor.id, 'hello', 'c-1');
    const again = await say(conv.id, visitor.id, 'hello', 'c-1');
    expect(first.duplicate).toBe(false);
    expect(again).toEqual({ message: first.message, duplicate: true });
    expect(await store.listMessages(conv.id)).toHaveLength(1);
    expect((await store.findMessageByClientId(visitor.id, 'c-1'))?.id).toBe(first.message.id);
  });

  it('keeps bot reasoning and quick replies with a message', async () => {
    const { conv } = await newConversation();
    const bot = { kind: 'answer' as const, lang: 'en' as const, intent: 'order_status', confidence: 0.9, alternatives: [], frustrated: false, frustration: 0, priority: 'low' as const, reasons: ['matched'] };
    await store.appendMessage({ conversationId: conv.id, author: 'bot', senderId: null, authorName: null, text: 'Here.', clientId: null, quickReplies: [{ label: 'Refunds', value: 'intent:refund' }], bot });
    const [row] = await store.listMessages(conv.id);
    expect(row.bot).toEqual(bot);
    expect(row.quickReplies).toEqual([{ label: 'Refunds', value: 'intent:refund' }]);
  });

  it('lets only one of two racing claims win, and logs each transition', async () => {
    const { conv } = await newConversation();
    await store.transition(conv.id, { from: ['bot'], to: 'queued', actor: { kind: 'bot', id: null }, reason: 'asked for a person', patch: { priority: 'high', queuedAt: 5 } });
    const agentA = await store.createAgent({ email: 'a@example.com', name: 'A', passwordHash: 'x' });
    const agentB = await store.createAgent({ email: 'b@example.com', name: 'B', passwordHash: 'x' });
    const claim = (id: string) =>
      store.transition(conv.id, { from: ['queued', 'bot'], to: 'assigned', actor: { kind: 'agent', id }, reason: 'claimed', patch: { assignedAgentId: id } });
    const [a, b] = await Promise.all([claim(agentA.id), claim(agentB.id)]);
    expect([a, b].filter(Boolean)).toHaveLength(1);
    expect((await store.getConversation(conv.id))?.assignedAgentId).toBe(agentA.id);
    const events = await store.listEvents(conv.id);
    expect(events.map((e) => [e.from, e.to, e.actor.kind])).toEqual([
      [null, 'bot', 'visitor'],
      ['bot', 'queued', 'bot'],
      ['queued', 'assigned', 'agent'],
    ]);
    expect((await store.getConversation(conv.id))?.priority).toBe('high');
  });

  it('replaces a first rating with a second one', async () => {
    const { conv } = await newConversation();
    await store.saveRating(conv.id, 2, 'slow');
    await store.saveRating(conv.id, 5, null);
    const row = await store.getConversation(conv.id);
    expect([row?.ratingScore, row?.ratingComment]).toEqual([5, null]);
  });

  it('finds agents by email whatever its case, and refuses a second account for one email', async () => {
    await store.createAgent({ email: 'Ana@Example.com', name: 'Ana', passwordHash: 'h' });
    expect((await store.findAgentByEmail('ana@example.com'))?.name).toBe('Ana');
    await expect(store.createAgent({ email: 'ANA@example.com', name: 'Other', passwordHash: 'h' })).rejects.toThrow();
    expect(await store.countAgents()).toBe(1);
  });

  it('forgets a session once it has expired or was deleted', async () => {
    const agent = await store.createAgent({ email: 'a@example.com', name: 'A', passwordHash: 'x' });
    await store.createSession({ tokenHash: 't1', agentId: agent.id, expiresAt: 1000 });
    expect(await store.findSession('t1', 999)).toEqual({ agentId: agent.id, expiresAt: 1000 });
    expect(await store.findSession('t1', 1000)).toBeNull();
    await store.createSession({ tokenHash: 't2', agentId: agent.id, expiresAt: Date.now() + 60_000 });
    await store.deleteSession('t2');
    expect(await store.findSession('t2', Date.now())).toBeNull();
  });

  it('counts an agent online while any node holds a console connection', async () => {
    const a = await store.createAgent({ email: 'a@example.com', name: 'A', passwordHash: 'x' });
    const b = await store.createAgent({ email: 'b@example.com', name: 'B', passwordHash: 'x' });
    await store.setAgentPresence(a.id, 'n1', true, 1);
    await store.setAgentPresence(a.id, 'n2', true, 1);
    await store.setAgentPresence(b.id, 'n1', true, 1);
    expect(await store.countOnlineAgents()).toBe(2);
    await store.clearPresence('n1');
    expect(await store.countOnlineAgents()).toBe(1);
    await store.setAgentPresence(a.id, 'n2', false, 2);
    expect(await store.countOnlineAgents()).toBe(0);
  });

  it('keeps conversations and messages across a close and reopen of the same file', async () => {
    const { visitor, conv } = await newConversation();
    await say(conv.id, visitor.id, 'still here?', 'c-9');
    await store.close();
    store = createSqliteStore({ file });
    expect((await store.latestConversationForVisitor(visitor.id))?.id).toBe(conv.id);
    expect((await store.listMessages(conv.id)).map((m) => m.text)).toEqual(['still here?']);
    expect((await say(conv.id, visitor.id, 'still here?', 'c-9')).duplicate).toBe(true);
  });

  it('records the schema version and runs no migration twice', async () => {
    await store.close();
    const raw = new Database(file);
    expect(raw.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
    raw.close();
    store = createSqliteStore({ file });
    expect(await store.countAgents()).toBe(0);
  });

  it('lists conversations in the given statuses, most recently active first', async () => {
    const first = await newConversation();
    const second = await newConversation();
    await say(first.conv.id, first.visitor.id, 'newer activity');
    await store.transition(second.conv.id, { from: ['bot'], to: 'resolved', actor: { kind: 'system', id: null }, reason: 'test' });
    expect((await store.listConversations({ statuses: ['bot'], limit: 10 })).map((c) => c.id)).toEqual([first.conv.id]);
    expect(await store.listConversations({ statuses: ['bot', 'resolved'], limit: 1 })).toHaveLength(1);
  });
});
