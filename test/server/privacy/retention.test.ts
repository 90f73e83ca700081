import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { DAY_MS, RETENTION_BATCH, runRetention } from '../../../server/privacy/retention.ts';
import { createPostgresStore } from '../../../server/store/postgres.ts';
import { createSqliteStore } from '../../../server/store/sqlite.ts';
import type { Store } from '../../../server/store/store.ts';
import { TEST_DATABASE_URL, createTestDatabase } from '../../support/postgres.ts';
import { startTestServer } from '../../support/server.ts';

// PARLEY_RETENTION_DAYS: conversations that are over and were last active more than N days ago go, with
// everything they hold and whatever later tables hang on them (ON DELETE CASCADE, as the mail outbox does).

const T0 = Date.parse('2026-01-01T00:00:00Z');
const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});
const tempFile = () => {
  const dir = mkdtempSync(join(tmpdir(), 'parley-retention-'));
  dirs.push(dir);
  return join(dir, 'parley.db');
};

/** `n` resolved conversations with a message each, at the store's clock. */
async function finished(store: Store, n: number, words = 'old words'): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const v = await store.createVisitor();
    const { conversation } = await store.createConversation({ visitorId: v.id, locale: 'en', pageUrl: null, actor: { kind: 'visitor', id: v.id } });
    await store.appendMessage({ conversationId: conversation.id, author: 'visitor', senderId: v.id, authorName: null, text: `${words} ${i}`, clientId: null });
    await store.transition(conversation.id, { from: ['bot'], to: 'resolved', actor: { kind: 'system', id: null }, reason: 'done', patch: { resolvedAt: T0 } });
    ids.push(conversation.id);
  }
  return ids;
}

describe('retention on a SQLite file', () => {
  it('deletes what is older than the window, with rows of a later table that cascade, and keeps the rest', async () => {
    const file = tempFile();
    let clock = T0;
    const store = createSqliteStore({ file, now: () => clock });
    // A table added later (as the mail lane's outbox): it declares ON DELETE CASCADE and relies on foreign_keys.
    const side = new Database(file);
    side.exec('CREATE TABLE later_outbox (id INTEGER PRIMARY KEY, conversation_id TEXT NOT NULL REFERENCES conversations(id) ON DELETE CASCADE)');
    const old = await finished(store, 3);
    for (const id of old) side.prepare('INSERT INTO later_outbox (conversation_id) VALUES (?)').run(id);
    clock = T0 + 20 * DAY_MS;
    const recent = await finished(store, 2, 'recent words');
    side.prepare('INSERT INTO later_outbox (conversation_id) VALUES (?)').run(recent[0]);

    // Indexed for search before they go: the index must forget them too.
    expect((await store.searchMessages({ query: 'words', cursor: null, limit: 10 })).length).toBe(5);
    const erased = await runRetention(store, 30, T0 + 31 * DAY_MS);
    expect(erased).toMatchObject({ conversations: 3, messages: 3, visitors: 3 });
    for (const id of old) expect(await store.getConversation(id)).toBeNull();
    for (const id of recent) expect(await store.getConversation(id)).not.toBeNull();
    expect(side.prepare('SELECT conversation_id FROM later_outbox').all()).toEqual([{ conversation_id: recent[0] }]);
    // A search indexes what is pending first; then the index holds each message left exactly once.
    expect((await store.searchMessages({ query: 'words', cursor: null, limit: 10 })).length).toBe(2);
    expect(() => side.prepare("INSERT INTO messages_fts(messages_fts, rank) VALUES ('integrity-check', 1)").run()).not.toThrow();
    // Nothing more to do the next day.
    expect((await runRetention(store, 30, T0 + 32 * DAY_MS)).conversations).toBe(0);
    side.close();
    await store.close();
  });

  it('works through a backlog batch by batch, and stops between batches when asked', async () => {
    let clock = T0;
    const store = createSqliteStore({ file: tempFile(), now: () => clock });
    await finished(store, RETENTION_BATCH * 2 + 5);
    clock = T0 + 100 * DAY_MS;
    let batches = 0;
    const first = await runRetention(store, 30, clock, () => batches++ >= 1);
    expect(first.conversations).toBe(RETENTION_BATCH);
    const rest = await runRetention(store, 30, clock);
    expect(rest.conversations).toBe(RETENTION_BATCH + 5);
    await store.close();
  });

  it('runs when the server starts with PARLEY_RETENTION_DAYS', async () => {
    const file = tempFile();
    const store = createSqliteStore({ file, now: () => Date.now() - 10 * DAY_MS });
    const [old] = await finished(store, 1);
    await store.close();
    const fresh = createSqliteStore({ file });
    const [kept] = await finished(fresh, 1, 'today');
    await fresh.close();

    const server = await startTestServer({ env: { PARLEY_DB_FILE: file, PARLEY_RETENTION_DAYS: '7' } });
    try {
      const deadline = Date.now() + 10_000;
      while ((await server.store.getConversation(old!)) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      expect(await server.store.getConversation(old!)).toBeNull();
      expect(await server.store.getConversation(kept!)).not.toBeNull();
    } finally {
      await server.close();
    }
  });
});

describe.skipIf(!TEST_DATABASE_URL)('retention on PostgreSQL', () => {
  it('deletes old conversations with rows of a later table that cascade', async () => {
    const db = await createTestDatabase('retention');
    let clock = T0;
    const store = await createPostgresStore({ url: db.url, now: () => clock });
    const side = new pg.Client({ connectionString: db.url });
    await side.connect();
    try {
      await side.query('CREATE TABLE later_outbox (id SERIAL PRIMARY KEY, conversation_id TEXT COLLATE "C" NOT NULL REFERENCES conversations(id) ON DELETE CASCADE)');
      const [old] = await finished(store, 1);
      clock = T0 + 20 * DAY_MS;
      const [recent] = await finished(store, 1);
      await side.query('INSERT INTO later_outbox (conversation_id) VALUES ($1), ($2)', [old, recent]);
      expect((await runRetention(store, 30, T0 + 31 * DAY_MS)).conversations).toBe(1);
      expect((await side.query('SELECT conversation_id FROM later_outbox')).rows).toEqual([{ conversation_id: recent }]);
    } finally {
      await side.end();
      await store.close();
      await db.drop();
    }
  });
});
