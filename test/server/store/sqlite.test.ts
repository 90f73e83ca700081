import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSqliteStore } from '../../../server/store/sqlite.ts';
import { StorageError } from '../../../server/store/storage-error.ts';
import { MIGRATIONS, migrate } from '../../../server/store/sqlite/migrations.ts';
import type { Store } from '../../../server/store/store.ts';
import { storeContract } from './contract.ts';

const dirs: string[] = [];
storeContract('sqlite', {
  async make(opts = {}) {
    const dir = mkdtempSync(join(tmpdir(), 'parley-store-'));
    dirs.push(dir);
    return createSqliteStore({ file: join(dir, 'parley.db'), now: opts.now });
  },
  async dispose() {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  },
});

describe('sqlite store: the file', () => {
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

  async function newConversation(s = store) {
    const visitor = await s.createVisitor();
    const conv = await s.createConversation({ visitorId: visitor.id, locale: 'en', pageUrl: null, actor: { kind: 'visitor', id: visitor.id } });
    return { visitor, conv };
  }

  it('keeps conversations and messages across a close and reopen of the same file', async () => {
    const { visitor, conv } = await newConversation();
    await store.appendMessage({ conversationId: conv.id, author: 'visitor', senderId: visitor.id, authorName: null, text: 'still here?', clientId: 'c-9' });
    await store.close();
    store = createSqliteStore({ file });
    expect((await store.latestConversationForVisitor(visitor.id))?.id).toBe(conv.id);
    expect((await store.listMessages(conv.id)).map((m) => m.text)).toEqual(['still here?']);
    const again = await store.appendMessage({ conversationId: conv.id, author: 'visitor', senderId: visitor.id, authorName: null, text: 'still here?', clientId: 'c-9' });
    expect(again?.duplicate).toBe(true);
  });

  it('records the schema version and runs no migration twice', async () => {
    await store.createAgent({ email: 'a@example.com', name: 'A', passwordHash: 'x' });
    await store.close();
    const raw = new Database(file);
    expect(raw.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
    expect(migrate(raw)).toBe(0);
    raw.close();
    store = createSqliteStore({ file });
    expect(await store.countAgents()).toBe(1);
  });

  it('upgrades a database of the first schema: last messages filled in, old offline handoffs marked as offered the form, old messages searchable', async () => {
    await store.close();
    rmSync(file);
    const raw = new Database(file);
    raw.exec(MIGRATIONS[0]!);
    raw.pragma('user_version = 1');
    raw.prepare("INSERT INTO visitors (id, created_at) VALUES ('v', 1)").run();
    raw.prepare("INSERT INTO conversations (id, visitor_id, status, locale, bot_state, queued_at, created_at, updated_at) VALUES ('c', 'v', 'offline', 'en', '{}', 7, 1, 1)").run();
    const insert = raw.prepare("INSERT INTO messages (id, conversation_id, seq, author, sender_id, text, created_at) VALUES (?, 'c', ?, ?, ?, ?, ?)");
    insert.run('m1', 1, 'visitor', 'v', 'my parcel arrived broken', 2);
    insert.run('m2', 2, 'bot', null, 'Sorry to hear that.', 3);
    raw.close();

    store = createSqliteStore({ file });
    expect(await store.getConversation('c')).toMatchObject({
      contactRequestedAt: 7,
      lastMessage: { text: 'Sorry to hear that.', author: 'bot', at: 3 },
      lastVisitorMessage: { text: 'my parcel arrived broken', at: 2 },
    });
    expect((await store.searchMessages({ query: 'parcel', cursor: null, limit: 5 })).map((h) => h.conversationId)).toEqual(['c']);
  });

  it('refuses a database written by a newer Parley rather than guessing at its schema', async () => {
    await store.close();
    const raw = new Database(file);
    raw.pragma(`user_version = ${MIGRATIONS.length + 1}`);
    raw.close();
    expect(() => createSqliteStore({ file })).toThrow(/newer/);
    store = { close: async () => {} } as Store;
  });

  it('names its file in its errors, and refuses a file that is not a database with a StorageError naming it', async () => {
    await expect(store.appendMessage({ conversationId: 'none', author: 'bot', senderId: null, authorName: null, text: 'x', clientId: null })).rejects.toThrow(file);
    const notDb = join(dir, 'notes.txt');
    writeFileSync(notDb, 'not a database, just words. '.repeat(100));
    expect(() => createSqliteStore({ file: notDb })).toThrow(StorageError);
    expect(() => createSqliteStore({ file: notDb })).toThrow(`the database file ${notDb} (PARLEY_DB_FILE) is not a SQLite database`);
  });

  it('opens the file in WAL mode with foreign keys enforced', async () => {
    const raw = new Database(file);
    expect(raw.pragma('journal_mode', { simple: true })).toBe('wal');
    raw.close();
    await expect(store.appendMessage({ conversationId: 'no-such-conversation', author: 'bot', senderId: null, authorName: null, text: 'x', clientId: null })).rejects.toThrow(/FOREIGN KEY/);
  });

  it('lets one process claim a conversation and tells another process on the same file it lost', async () => {
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

  it('numbers messages from two processes writing to one conversation without gaps or repeats', async () => {
    const { visitor, conv } = await newConversation();
    const other = createSqliteStore({ file });
    try {
      const writes = [];
      for (let i = 0; i < 10; i++) {
        const s = i % 2 === 0 ? store : other;
        writes.push(s.appendMessage({ conversationId: conv.id, author: 'visitor', senderId: visitor.id, authorName: null, text: `m${i}`, clientId: `c${i}` }));
      }
      const seqs = (await Promise.all(writes)).map((r) => r!.message.seq).sort((x, y) => x - y);
      expect(seqs).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    } finally {
      await other.close();
    }
  });
});
