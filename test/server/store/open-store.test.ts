import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agentAdd } from '../../../server/cli/agent-add.ts';
import { agentRemove } from '../../../server/cli/agent-remove.ts';
import { loadConfig } from '../../../server/config.ts';
import { openStore } from '../../../server/store/open-store.ts';
import { runCli } from '../../support/cli.ts';
import { TEST_DATABASE_URL, createTestDatabase } from '../../support/postgres.ts';
import { startTestServer } from '../../support/server.ts';
import { connectVisitor } from '../peers.ts';

if (!TEST_DATABASE_URL) {
  describe.skip('PARLEY_DATABASE_URL: skipped, DATABASE_URL is not set (e.g. postgres://postgres@127.0.0.1:5432/test)', () => {
    it('serves and runs the agent commands on PostgreSQL', () => {});
  });
} else {
  describe('PARLEY_DATABASE_URL', () => {
    let db: Awaited<ReturnType<typeof createTestDatabase>>;
    // An empty data directory: nothing may be written to it when PostgreSQL holds the data.
    const dataDir = mkdtempSync(join(tmpdir(), 'parley-pg-'));
    beforeAll(async () => {
      db = await createTestDatabase('open');
    });
    afterAll(async () => {
      await db.drop();
      rmSync(dataDir, { recursive: true, force: true });
    });

    it('is where `parley agent add` and `agent remove` write, and where the server reads, not the SQLite file', async () => {
      const config = loadConfig({ PARLEY_DATA_DIR: join(dataDir, 'unused'), PARLEY_DATABASE_URL: db.url });
      const added = await runCli((a, io) => agentAdd(a, io, config), ['--email', 'ada@shop.test', '--password', 'a long password', '--name', 'Ada']);
      expect(added).toMatchObject({ code: 0, err: '' });
      const store = await openStore(config);
      try {
        expect((await store.findAgentByEmail('ada@shop.test'))?.name).toBe('Ada');
        expect((await runCli((a, io) => agentRemove(a, io, config), ['--email', 'ada@shop.test'])).code).toBe(0);
        expect(await store.countAgents()).toBe(0);
        expect(existsSync(config.dataDir)).toBe(false);
      } finally {
        await store.close();
      }
    });

    it("serves a visitor: the message acknowledged is stored in PostgreSQL and the bot answers", async () => {
      const server = await startTestServer({ dataDir, env: { PARLEY_DATABASE_URL: db.url } });
      try {
        const visitor = await connectVisitor(server.url);
        const hello = await visitor.hello();
        if (!hello.ok) throw new Error(hello.error);
        const sent = await visitor.send('where is my order?');
        if (!sent.ok) throw new Error(sent.error);
        await visitor.events.next('message:new', (m: { author: string }) => m.author === 'bot');
        const check = await openStore(loadConfig({ PARLEY_DATABASE_URL: db.url }));
        try {
          expect((await check.listMessages(sent.conversationId)).map((m) => m.author)).toEqual(['visitor', 'bot']);
        } finally {
          await check.close();
        }
        visitor.close();
      } finally {
        await server.close();
      }
    });
  });
}
