import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_DATABASE_URL, createTestDatabase } from '../../support/postgres.ts';
import { startNodeProcess } from '../../support/node-process.ts';
import { startTestServer, type TestServer } from '../../support/server.ts';
import { connectVisitor } from '../peers.ts';

// A visitor's first message sent through two nodes at once — two tabs behind a load balancer, or a resend
// that lands elsewhere — makes one conversation: the store's unique index decides, not a process's lock.
// The two nodes are two processes on one database (a SQLite file; PostgreSQL when DATABASE_URL is set);
// the token from one works on the other because the secret is in the database.

const TRIES = 30;

const backends: Array<{ name: string; database: () => Promise<{ env: Record<string, string>; drop(): Promise<void> }> }> = [
  { name: 'one SQLite file', database: async () => ({ env: {}, drop: async () => {} }) },
];
if (TEST_DATABASE_URL) {
  backends.push({
    name: 'one PostgreSQL database',
    database: async () => {
      const db = await createTestDatabase('first_message');
      return { env: { PARLEY_DATABASE_URL: db.url }, drop: db.drop };
    },
  });
}

describe.each(backends)("a new visitor's first message on two nodes at once, $name", ({ database }) => {
  const dataDir = mkdtempSync(join(tmpdir(), 'parley-first-message-'));
  let db: Awaited<ReturnType<typeof database>>;
  let a: TestServer;
  let b: { child: ChildProcess; url: string };

  beforeAll(async () => {
    db = await database();
    const env = { PARLEY_RATE_LIMIT_EXEMPT: 'loopback', ...db.env };
    a = await startTestServer({ dataDir, env });
    b = await startNodeProcess({ PARLEY_DATA_DIR: dataDir, ...env });
  }, 30_000);
  afterAll(async () => {
    b?.child.kill('SIGKILL');
    await a?.close();
    await db?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('makes exactly one conversation holding both messages, and both are acknowledged', async () => {
    for (let i = 0; i < TRIES; i++) {
      const onA = await connectVisitor(a.url);
      const hello = await onA.hello();
      if (!hello.ok) throw new Error(`hello failed: ${hello.error}`);
      const onB = await connectVisitor(b.url);
      expect(await onB.hello(hello.token)).toMatchObject({ ok: true, visitorId: hello.visitorId, conversation: null });

      const [x, y] = await Promise.all([onA.send(`my order is late (${i}, tab A)`), onB.send(`my order is late (${i}, tab B)`)]);
      if (!x.ok || !y.ok) throw new Error(`not acknowledged: ${JSON.stringify([x, y])}`);
      expect(x.conversationId).toBe(y.conversationId);
      const conversations = await a.store.listVisitorConversations(hello.visitorId, 5);
      expect(conversations.map((c) => c.id)).toEqual([x.conversationId]);
      const said = (await a.store.listMessages(x.conversationId)).filter((m) => m.author === 'visitor').map((m) => m.text);
      expect(said.sort()).toEqual([`my order is late (${i}, tab A)`, `my order is late (${i}, tab B)`]);
      onA.close();
      onB.close();
    }
  }, 120_000);
});
