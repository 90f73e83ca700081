import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSqliteStore } from '../../../server/store/sqlite.ts';
import { attachmentDir } from '../../../server/store/sqlite/attachment-files.ts';
import { StorageError } from '../../../server/store/storage-error.ts';
import { MIGRATIONS, migrate } from '../../../server/store/sqlite/migrations.ts';
import type { Store } from '../../../server/store/store.ts';
import { storeContract } from './contract.ts';

const dirs: string[] = [];
const others: Store[] = [];
storeContract('sqlite', {
  async make(opts = {}) {
    const dir = mkdtempSync(join(tmpdir(), 'parley-store-'));
    dirs.push(dir);
    return createSqliteStore({ file: join(dir, 'parley.db'), now: opts.now });
  },
  // Another process on the same file: its own connection, as a second `parley serve` has.
  async another() {
    const other = createSqliteStore({ file: join(dirs.at(-1)!, 'parley.db') });
    others.push(other);
    return other;
  },
  async dispose() {
    for (const other of others.splice(0)) await other.close();
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  },
  async storedBytes(id) {
    return existsSync(join(attachmentDir(join(dirs.at(-1)!, 'parley.db')), id));
  },
  async deleteConversation(id) {
    const db = new Database(join(dirs.at(-1)!, 'parley.db'));
    try {
      db.pragma('foreign_keys = ON');
      db.transaction(() => {
        for (const table of ['messages', 'events', 'notes']) db.prepare(`DELETE FROM ${table} WHERE conversation_id = ?`).run(id);
        db.prepare('DELETE FROM conversations WHERE id = ?').run(id);
      })();
    } finally {
      db.close();
    }
  },
});

/** Polls `done` until it holds (what the store does in the background lands a moment later). */
async function until(done: () => boolean, ms = 5000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!done()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
}

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
    const { conversation: conv } = await s.createConversation({ visitorId: visitor.id, locale: 'en', pageUrl: null, actor: { kind: 'visitor', id: visitor.id } });
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

  it('finds messages stored before the upgrade that moved indexing out of the append, and every one stored since, across a reopen', async () => {
    await store.close();
    rmSync(file);
    const raw = new Database(file);
    for (const m of MIGRATIONS.slice(0, 4)) raw.exec(m);
    raw.pragma('user_version = 4');
    raw.prepare("INSERT INTO visitors (id, created_at) VALUES ('v', 1)").run();
    raw.prepare("INSERT INTO conversations (id, visitor_id, status, locale, bot_state, created_at, updated_at) VALUES ('old', 'v', 'resolved', 'en', '{}', 1, 1)").run();
    raw.prepare("INSERT INTO messages (id, conversation_id, seq, author, text, created_at) VALUES ('m', 'old', 1, 'visitor', 'my parcel arrived broken', 1)").run();
    raw.close();

    store = createSqliteStore({ file });
    const { visitor, conv } = await newConversation();
    // More than one indexing batch, the last one stored just before the search.
    for (let i = 0; i < 450; i++) {
      await store.appendMessage({ conversationId: conv.id, author: 'visitor', senderId: visitor.id, authorName: null, text: `question number ${i}`, clientId: `c-${i}` });
    }
    await store.appendMessage({ conversationId: conv.id, author: 'visitor', senderId: visitor.id, authorName: null, text: 'where is my parcel?', clientId: 'last' });
    const search = (query: string) => store.searchMessages({ query, cursor: null, limit: 10 });
    expect((await search('parcel')).map((h) => h.conversationId)).toEqual([conv.id, 'old']);
    expect((await search('number 449')).map((h) => h.text)).toEqual(['question number 449']);

    await store.close();
    store = createSqliteStore({ file });
    await store.appendMessage({ conversationId: conv.id, author: 'visitor', senderId: visitor.id, authorName: null, text: 'a parcel once more', clientId: 'after' });
    expect((await search('once more')).map((h) => h.text)).toEqual(['a parcel once more']);
    // The index holds each stored message exactly once: none missed, none twice.
    const check = new Database(file);
    expect(() => check.prepare("INSERT INTO messages_fts(messages_fts, rank) VALUES ('integrity-check', 1)").run()).not.toThrow();
    check.close();
  });

  it('upgrades a team without roles: the earliest account still there becomes the admin, the others agents', async () => {
    await store.close();
    rmSync(file);
    const raw = new Database(file);
    for (const m of MIGRATIONS.slice(0, 5)) raw.exec(m);
    raw.pragma('user_version = 5');
    const insert = raw.prepare('INSERT INTO agents (id, email, name, password_hash, created_at, removed_at) VALUES (?, ?, ?, ?, ?, ?)');
    insert.run('gone', 'gone@shop.test', 'Gone', 'h', 1, 5);
    insert.run('ada', 'ada@shop.test', 'Ada', 'h', 2, null);
    insert.run('bob', 'bob@shop.test', 'Bob', 'h', 3, null);
    raw.close();

    store = createSqliteStore({ file });
    expect((await Promise.all(['gone', 'ada', 'bob'].map((id) => store.getAgent(id)))).map((a) => a?.role)).toEqual(['agent', 'admin', 'agent']);
  });

  it('upgrades a database with two open conversations for one visitor: the older is resolved, with an event saying why', async () => {
    await store.close();
    rmSync(file);
    const raw = new Database(file);
    for (const m of MIGRATIONS.slice(0, 3)) raw.exec(m);
    raw.pragma('user_version = 3');
    raw.prepare("INSERT INTO visitors (id, created_at) VALUES ('v', 1)").run();
    const insert = raw.prepare("INSERT INTO conversations (id, visitor_id, status, locale, bot_state, created_at, updated_at) VALUES (?, 'v', ?, 'en', '{}', ?, ?)");
    insert.run('old', 'queued', 1, 5);
    insert.run('new', 'bot', 2, 6);
    insert.run('done', 'resolved', 0, 1);
    raw.close();

    store = createSqliteStore({ file });
    expect(await store.getConversation('old')).toMatchObject({ status: 'resolved', resolvedAt: 5 });
    expect((await store.getConversation('new'))?.status).toBe('bot');
    expect((await store.listEvents('old')).map((e) => [e.from, e.to, e.reason])).toEqual([['queued', 'resolved', 'a newer open conversation of the same visitor']]);
    expect(await store.createConversation({ visitorId: 'v', locale: 'en', pageUrl: null, actor: { kind: 'visitor', id: 'v' } })).toMatchObject({ created: false, conversation: { id: 'new' } });
  });

  it('moves attachment bytes stored in the database before into files, readable all along', async () => {
    await store.close();
    rmSync(file);
    // Up to the migration that moved the bytes out (later ones run when the store opens).
    const before = MIGRATIONS.findIndex((m) => m.includes('attachment_bytes_to_move'));
    const raw = new Database(file);
    for (const m of MIGRATIONS.slice(0, before)) raw.exec(m);
    raw.pragma(`user_version = ${before}`);
    const insert = raw.prepare(
      `INSERT INTO attachments (id, uploader_kind, uploader_id, client_id, name, type, size, width, height, created_at, data, preview)
       VALUES (?, 'visitor', 'v', ?, 'mug.jpg', 'image/jpeg', 3, 1, 1, ?, ?, ?)`,
    );
    // Uploaded just now (an upload no message took for a day would be deleted instead).
    insert.run('a-1', 'c-1', Date.now(), Buffer.from([1, 2, 3]), Buffer.from('preview'));
    insert.run('a-2', 'c-2', Date.now(), Buffer.from([4, 5, 6]), null);
    raw.close();

    store = createSqliteStore({ file });
    expect(await store.readAttachment('a-1', 'file')).toEqual(Buffer.from([1, 2, 3]));
    expect((await store.getAttachment('a-2'))?.hasPreview).toBe(false);
    const dir = attachmentDir(file);
    await until(() => existsSync(join(dir, 'a-1')) && existsSync(join(dir, 'a-1.preview')) && existsSync(join(dir, 'a-2')));
    expect((await store.readAttachment('a-1', 'preview'))?.toString()).toBe('preview');
    expect(await store.readAttachment('a-2', 'file')).toEqual(Buffer.from([4, 5, 6]));
    await store.close();
    const check = new Database(file);
    await until(() => (check.prepare('SELECT COUNT(*) AS n FROM attachment_bytes_to_move').get() as { n: number }).n === 0);
    check.close();
    store = createSqliteStore({ file });
  });
});
