import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSqliteStore } from '../../../server/store/sqlite.ts';
import { MIGRATIONS, migrate } from '../../../server/store/sqlite/migrations.ts';
import { INITIAL_BOT_STATE } from '../../../server/bot/types.ts';
import type { Store } from '../../../server/store/store.ts';
import type { Handoff } from '../../../protocol/index.ts';

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
    await store.createAgent({ email: 'a@example.com', name: 'A', passwordHash: 'x' });
    await store.close();
    const raw = new Database(file);
    expect(raw.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
    expect(migrate(raw)).toBe(0);
    expect(raw.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
    raw.close();
    store = createSqliteStore({ file });
    expect(await store.countAgents()).toBe(1);
  });

  it('refuses a database written by a newer Parley rather than guessing at its schema', async () => {
    await store.close();
    const raw = new Database(file);
    raw.pragma(`user_version = ${MIGRATIONS.length + 1}`);
    raw.close();
    expect(() => createSqliteStore({ file })).toThrow(/newer/);
    store = { close: async () => {} } as Store;
  });

  it('opens the file in WAL mode with foreign keys enforced', async () => {
    const raw = new Database(file);
    expect(raw.pragma('journal_mode', { simple: true })).toBe('wal');
    raw.close();
    await expect(store.appendMessage({ conversationId: 'no-such-conversation', author: 'bot', senderId: null, authorName: null, text: 'x', clientId: null })).rejects.toThrow(/FOREIGN KEY/);
  });

  it('lets one node claim a conversation and tells the other node it lost', async () => {
    const { conv } = await newConversation();
    const other = createSqliteStore({ file });
    try {
      const a = await store.createAgent({ email: 'a@example.com', name: 'A', passwordHash: 'x' });
      const b = await other.createAgent({ email: 'b@example.com', name: 'B', passwordHash: 'x' });
      const claim = (s: Store, id: string) =>
        s.transition(conv.id, { from: ['bot', 'queued'], to: 'assigned', actor: { kind: 'agent', id }, reason: 'claimed', patch: { assignedAgentId: id } });
      expect((await claim(other, b.id))?.assignedAgentId).toBe(b.id);
      expect(await claim(store, a.id)).toBeNull();
      expect((await store.getConversation(conv.id))?.assignedAgentId).toBe(b.id);
      expect((await store.listEvents(conv.id)).filter((e) => e.to === 'assigned')).toHaveLength(1);
    } finally {
      await other.close();
    }
  });

  it('numbers messages from two nodes writing to one conversation without gaps or repeats', async () => {
    const { visitor, conv } = await newConversation();
    const other = createSqliteStore({ file });
    try {
      const writes = [];
      for (let i = 0; i < 10; i++) {
        const s = i % 2 === 0 ? store : other;
        writes.push(s.appendMessage({ conversationId: conv.id, author: 'visitor', senderId: visitor.id, authorName: null, text: `m${i}`, clientId: `c${i}` }));
      }
      const seqs = (await Promise.all(writes)).map((r) => r.message.seq).sort((x, y) => x - y);
      expect(seqs).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    } finally {
      await other.close();
    }
  });

  it('starts a conversation with fresh bot memory and keeps what the bot learns', async () => {
    const { conv } = await newConversation();
    expect(conv.status).toBe('bot');
    expect(conv.botState).toEqual(INITIAL_BOT_STATE);
    const learned = { ...INITIAL_BOT_STATE, fallbackStreak: 2, lastIntent: 'refund' };
    const updated = await store.updateConversation(conv.id, { botState: learned, locale: 'zh', pageUrl: '/checkout' });
    expect(updated).toMatchObject({ botState: learned, locale: 'zh', pageUrl: '/checkout' });
    expect(await store.updateConversation('missing', { locale: 'en' })).toBeNull();
  });

  it('stores and clears handoff details with a transition', async () => {
    const { conv } = await newConversation();
    const handoff: Handoff = { priority: 'high', reasons: ['asked for a person'], frustration: 0.4, intent: 'refund', summary: 'I want my money back', at: 7 };
    const queued = await store.transition(conv.id, { from: ['bot'], to: 'queued', actor: { kind: 'bot', id: null }, reason: 'handoff', patch: { handoff } });
    expect(queued?.handoff).toEqual(handoff);
    const back = await store.transition(conv.id, { from: ['queued'], to: 'bot', actor: { kind: 'system', id: null }, reason: 'test', patch: { handoff: null } });
    expect(back?.handoff).toBeNull();
    expect(await store.transition(conv.id, { from: ['queued'], to: 'resolved', actor: { kind: 'system', id: null }, reason: 'stale' })).toBeNull();
    expect((await store.listEvents(conv.id)).map((e) => e.reason)).toEqual(['conversation started', 'handoff', 'test']);
  });

  it('can be closed twice', async () => {
    await store.close();
    await expect(store.close()).resolves.toBeUndefined();
  });

  it('lists conversations in the given statuses, most recently active first', async () => {
    // A pinned clock makes "more recent" certain without depending on how fast the test runs.
    let clock = 1_000;
    await store.close();
    store = createSqliteStore({ file, now: () => (clock += 10) });
    const first = await newConversation();
    const second = await newConversation();
    const third = await newConversation();
    await say(first.conv.id, first.visitor.id, 'newer activity');
    await store.transition(second.conv.id, { from: ['bot'], to: 'resolved', actor: { kind: 'system', id: null }, reason: 'test' });
    expect((await store.listConversations({ statuses: ['bot'], limit: 10 })).map((c) => c.id)).toEqual([first.conv.id, third.conv.id]);
    expect((await store.listConversations({ statuses: ['bot', 'resolved'], limit: 10 })).map((c) => c.id)).toEqual([
      second.conv.id,
      first.conv.id,
      third.conv.id,
    ]);
    expect(await store.listConversations({ statuses: ['bot', 'resolved'], limit: 1 })).toHaveLength(1);
    expect(await store.listConversations({ statuses: [], limit: 10 })).toEqual([]);
  });
});
