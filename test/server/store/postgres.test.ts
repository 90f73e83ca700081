import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPostgresStore } from '../../../server/store/postgres.ts';
import { PG_MIGRATIONS } from '../../../server/store/postgres/migrations.ts';
import { StorageError } from '../../../server/store/storage-error.ts';
import type { Store } from '../../../server/store/store.ts';
import { TEST_DATABASE_URL, createTestDatabase } from '../../support/postgres.ts';
import { storeContract } from './contract.ts';

const TABLES = 'visitors, agents, conversations, messages, events, sessions, presence, notes, canned_responses, visitor_flags, settings';

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
      await client.query(`TRUNCATE ${TABLES} RESTART IDENTITY CASCADE`);
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

    it('refuses to start on a server it cannot reach with a StorageError naming it, without the password', async () => {
      const unreachable = 'postgres://parley:hunter2@127.0.0.1:1/parley';
      const failed = await createPostgresStore({ url: unreachable }).catch((err: unknown) => err);
      expect(failed).toBeInstanceOf(StorageError);
      expect((failed as Error).message).toContain('127.0.0.1:1/parley (PARLEY_DATABASE_URL)');
      expect((failed as Error).message).not.toContain('hunter2');
    });
  });
}
