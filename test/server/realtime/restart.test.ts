import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Message } from '../../../protocol/index.ts';
import { createSqliteStore } from '../../../server/store/sqlite.ts';
import { createAgent, startTestServer } from '../../support/server.ts';
import { connectVisitor } from '../peers.ts';

const dataDir = mkdtempSync(join(tmpdir(), 'parley-restart-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe('a restart', () => {
  it("keeps the visitor's conversation: the same token gets it back with its messages", async () => {
    const first = await startTestServer({ dataDir });
    const visitor = await connectVisitor(first.url);
    const hello = await visitor.hello();
    if (!hello.ok) throw new Error(hello.error);
    const ack = await visitor.send('where is my order?');
    if (!ack.ok) throw new Error(ack.error);
    const answer = await visitor.events.next<Message>('message:new', (m) => m.author === 'bot');
    visitor.close();
    await first.close();

    const second = await startTestServer({ dataDir });
    try {
      const back = await connectVisitor(second.url);
      const again = await back.hello(hello.token);
      if (!again.ok) throw new Error(again.error);
      expect(again.visitorId).toBe(hello.visitorId);
      expect(again.conversation?.id).toBe(ack.conversationId);
      expect(again.messages.map((m) => [m.author, m.text])).toEqual([
        ['visitor', 'where is my order?'],
        ['bot', answer.text],
      ]);
      // Only what was missed, when the widget says what it has.
      const missed = await back.hello(hello.token, { afterSeq: ack.seq });
      expect(missed.ok && missed.messages.map((m) => m.id)).toEqual([answer.id]);
      back.close();
    } finally {
      await second.close();
    }
  });
});

describe('a restart under the same node id', () => {
  it("forgets the consoles its previous process held, instead of keeping them alive with its heartbeat", async () => {
    const first = await startTestServer({ dataDir });
    const agent = await createAgent(first, { email: 'kim@shop.test', password: 'a long password', name: 'Kim' });
    // The previous process died with a console connected: its row is still in the file.
    await first.close();
    const leftover = createSqliteStore({ file: join(dataDir, 'parley.db') });
    await leftover.setAgentPresence(agent.id, 'test-node', true, Date.now());
    await leftover.close();

    const second = await startTestServer({ dataDir });
    try {
      expect(await second.store.countAvailableAgents(0)).toBe(0);
    } finally {
      await second.close();
    }
  });
});
