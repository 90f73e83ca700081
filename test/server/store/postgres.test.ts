import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPostgresStore } from '../../../server/store/postgres.ts';
import { PG_MIGRATIONS } from '../../../server/store/postgres/migrations.ts';
import { StorageError } from '../../../server/store/storage-error.ts';
import type { Store } from '../../../server/store/store.ts';
import { TEST_DATABASE_URL, createTestDatabase } from '../../support/postgres.ts';
import { storeContract } from './contract.ts';
import { startTcpProxy } from '../../support/tcp-proxy.ts';

if (!TEST_DATABASE_URL) {
  describe.skip('postgres store: skipped, DATABASE_URL is not set (e.g. postgres://postgres@127.0.0.1:5432/test)', () => {
    it('runs the store contract against PostgreSQL', () => {});
  });
} else {
  // One database for the file; each `make` empties it, so every case starts from nothing.
  let db: Awaited<ReturnType<typeof createTestDatabase>> | null = null;
  const open: Store[] = [];
  storeContract('postgres', {
    async make(opts = {}) {
      db ??= await createTestDatabase('contract');
      const store = await createPostgresStore({ url: db.url, now: opts.now });
      const client = new pg.Client({ connectionString: db.url });
      await client.connect();
      // Every table but the schema version: whatever later migrations add is emptied too.
      const { rows } = await client.query<{ tables: string }>(
        "SELECT string_agg(quote_ident(tablename), ', ') AS tables FROM pg_tables WHERE schemaname = current_schema() AND tablename <> 'parley_schema'",
      );
      await client.query(`TRUNCATE ${rows[0]!.tables} RESTART IDENTITY CASCADE`);
      await client.end();
      return store;
    },
    async another() {
      const other = await createPostgresStore({ url: db!.url });
      open.push(other);
      return other;
    },
    async dispose() {
      for (const other of open.splice(0)) await other.close();
    },
    async finish() {
      await db?.drop();
    },
    async deleteConversation(id) {
      const client = new pg.Client({ connectionString: db!.url });
      await client.connect();
      try {
        for (const table of ['messages', 'events', 'notes']) await client.query(`DELETE FROM ${table} WHERE conversation_id = $1`, [id]);
        await client.query('DELETE FROM conversations WHERE id = $1', [id]);
      } finally {
        await client.end();
      }
    },
  });

  describe('postgres store: the database', () => {
    let db: Awaited<ReturnType<typeof createTestDatabase>>;
    beforeAll(async () => {
      db = await createTestDatabase('schema');
    });
    afterAll(async () => {
      await db.drop();
    });

    it('migrates once when several nodes start at the same moment, and records the version', async () => {
      const stores = await Promise.all([1, 2, 3, 4].map(() => createPostgresStore({ url: db.url })));
      try {
        const client = new pg.Client({ connectionString: db.url });
        await client.connect();
        const { rows } = await client.query('SELECT version FROM parley_schema');
        await client.end();
        expect(rows).toEqual([{ version: PG_MIGRATIONS.length }]);
        await stores[0]!.createAgent({ email: 'a@example.com', name: 'A', passwordHash: 'x' });
        expect(await stores[3]!.countAgents()).toBe(1);
      } finally {
        for (const s of stores) await s.close();
      }
    });

    it('keeps answering when a newer node adds a column under the statements this one has prepared', async () => {
      const store = await createPostgresStore({ url: db.url });
      const client = new pg.Client({ connectionString: db.url });
      await client.connect();
      try {
        const visitor = await store.createVisitor();
        const actor = { kind: 'visitor' as const, id: visitor.id };
        const { conversation } = await store.createConversation({ visitorId: visitor.id, locale: 'en', pageUrl: null, actor });
        const send = (n: number) => store.appendMessage({ conversationId: conversation.id, author: 'visitor', senderId: visitor.id, authorName: null, text: `m${n}`, clientId: `c${n}` });
        // Prepared (and planned) on the pool's connections, as a node that has been running a while.
        for (let n = 0; n < 8; n++) {
          await send(n);
          await store.getConversation(conversation.id);
        }
        // A rolling upgrade: the other node's migration changes what `SELECT *` returns.
        await client.query('ALTER TABLE conversations ADD COLUMN later_feature TEXT');
        await client.query('ALTER TABLE messages ADD COLUMN later_feature TEXT');
        expect((await store.getConversation(conversation.id))?.id).toBe(conversation.id);
        expect((await send(8))?.message.seq).toBe(9);
        const queued = await store.transition(conversation.id, { from: ['bot'], to: 'queued', actor: { kind: 'bot', id: null }, reason: 'handoff', patch: { priority: 'normal', queuedAt: 1 } });
        expect(queued?.status).toBe('queued');
        expect((await store.listMessages(conversation.id)).map((m) => m.text)).toEqual(Array.from({ length: 9 }, (_, n) => `m${n}`));
      } finally {
        await client.query('ALTER TABLE conversations DROP COLUMN IF EXISTS later_feature');
        await client.query('ALTER TABLE messages DROP COLUMN IF EXISTS later_feature');
        await client.end();
        await store.close();
      }
    });

    it('answers with StorageErrors while PostgreSQL is unreachable, survives its connections dying, and recovers by itself when it is back', async () => {
      const proxy = await startTcpProxy(db.url);
      const idleErrors: Error[] = [];
      const store = await createPostgresStore({ url: proxy.url, onIdleError: (err) => idleErrors.push(err) });
      try {
        const visitor = await store.createVisitor();
        const { conversation } = await store.createConversation({ visitorId: visitor.id, locale: 'en', pageUrl: null, actor: { kind: 'visitor', id: visitor.id } });
        const say = (text: string) => store.appendMessage({ conversationId: conversation.id, author: 'visitor', senderId: visitor.id, authorName: null, text, clientId: text });
        await say('before');

        // Several pooled connections, idle when it goes.
        await Promise.all([1, 2, 3, 4].map(() => store.getConversation(conversation.id)));

        // And one in the middle of a transaction: the append waits for a row lock held from outside.
        const holder = new pg.Client({ connectionString: db.url });
        await holder.connect();
        await holder.query('BEGIN');
        await holder.query('SELECT 1 FROM conversations WHERE id = $1 FOR UPDATE', [conversation.id]);
        const inFlight = say('in flight').catch((err: unknown) => err);
        await until(async () => (await holder.query("SELECT 1 FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND datname = current_database()")).rowCount! > 0);

        proxy.cut();
        expect(await inFlight).toBeInstanceOf(StorageError);
        await holder.query('ROLLBACK');
        await holder.end();
        // Each idle connection that dies is reported (not thrown: the process would crash).
        await until(() => idleErrors.length > 0);
        await expect(store.ready()).rejects.toBeInstanceOf(StorageError);
        await expect(say('during')).rejects.toBeInstanceOf(StorageError);

        proxy.restore();
        await expect(store.ready()).resolves.toBeUndefined();
        // The append cut in flight is one statement: the server may have committed it after the client was
        // gone (as it may a COMMIT cut in flight). The sender resends it with its client id: stored once.
        expect((await say('in flight'))?.message.seq).toBe(2);
        expect((await say('after'))?.message.seq).toBe(3);
        expect((await store.listMessages(conversation.id)).map((m) => m.text)).toEqual(['before', 'in flight', 'after']);
      } finally {
        await store.close();
        await proxy.close();
      }
    });

    it('refuses to start on a server it cannot reach with a StorageError naming it, without the password', async () => {
      const unreachable = 'postgres://parley:hunter2@127.0.0.1:1/parley';
      const failed = await createPostgresStore({ url: unreachable }).catch((err: unknown) => err);
      expect(failed).toBeInstanceOf(StorageError);
      expect((failed as Error).message).toContain('127.0.0.1:1/parley (PARLEY_DATABASE_URL)');
      expect((failed as Error).message).not.toContain('hunter2');
    });
  });
}

/** Waits for something the test cannot await directly (an event in another part), up to a few seconds. */
async function until(condition: () => boolean | Promise<boolean>): Promise<void> {
  for (let i = 0; i < 500; i++) {
    if (await condition()) return;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error('condition not met');
}
