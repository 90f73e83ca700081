import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConversationSummary, Message, VisitorConversation } from '../../protocol/index.ts';
import { newHandoff, ok, reachPerson } from '../server/desk-peers.ts';
import { connectAgent, connectVisitor, login, type AgentPeer } from '../server/peers.ts';
import { runParley, startNodeProcess, type NodeProcess } from '../support/node-process.ts';
import { TEST_DATABASE_URL, createTestDatabase } from '../support/postgres.ts';
import { resendingVisitor } from './resending-visitor.ts';

// Two real `parley serve` processes on one PostgreSQL database and one Redis, as docs/deploy.md runs them:
// whatever node a visitor or an agent happens to reach, they reach each other, and a node that dies takes
// nothing acknowledged with it.

const enabled = Boolean(TEST_DATABASE_URL && process.env.REDIS_URL);
const suite = enabled ? describe : describe.skip;
if (!enabled) console.warn('two-nodes fault tests skipped: set DATABASE_URL and REDIS_URL (CI does)');

const PASSWORD = 'a long password';
let db: Awaited<ReturnType<typeof createTestDatabase>> | undefined;
let dataDir: string;
let env: Record<string, string>;
let a: NodeProcess;
let b: NodeProcess;
const extra: NodeProcess[] = [];
const peers: Array<{ close(): void }> = [];

async function agentOn(node: NodeProcess, email: string): Promise<AgentPeer> {
  const peer = await connectAgent(node.url, await login(node.url, email, PASSWORD));
  peers.push(peer);
  await ok(peer.emit('queue:list', {}));
  return peer;
}

async function visitorOn(node: NodeProcess) {
  const visitor = await connectVisitor(node.url);
  peers.push(visitor);
  const hello = await visitor.hello();
  if (!hello.ok) throw new Error(hello.error);
  return Object.assign(visitor, { hello });
}

beforeAll(async () => {
  if (!enabled) return;
  db = await createTestDatabase('two_nodes');
  dataDir = mkdtempSync(join(tmpdir(), 'parley-two-nodes-'));
  env = {
    PARLEY_DATA_DIR: dataDir,
    PARLEY_DATABASE_URL: db!.url,
    PARLEY_REDIS_URL: process.env.REDIS_URL!,
    PARLEY_REDIS_PREFIX: `parley-test-${process.pid}-${Date.now()}`,
  };
  // The command honours the same variables as the server: the accounts land in PostgreSQL.
  for (const name of ['Ada', 'Bob']) {
    const added = await runParley(['agent', 'add', '--email', `${name.toLowerCase()}@shop.test`, '--password', PASSWORD, '--name', name], env);
    expect(added, added.err).toMatchObject({ code: 0 });
  }
  [a, b] = await Promise.all([startNodeProcess({ ...env, PARLEY_NODE_ID: 'node-a' }), startNodeProcess({ ...env, PARLEY_NODE_ID: 'node-b' })]);
}, 120_000);

afterAll(async () => {
  for (const p of peers) p.close();
  await Promise.all([a, b, ...extra].filter(Boolean).map((n) => n.stop('SIGKILL')));
  await db?.drop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

suite('two nodes on PostgreSQL and Redis', () => {
  it('lets an agent coming online on node B take the visitor waiting on node A, and they talk both ways', async () => {
    // Nobody online yet: the visitor on A waits in the queue.
    const visitor = await visitorOn(a);
    expect(visitor.hello.availability.agents).toBe(false);
    const { conversationId, view } = await reachPerson(visitor);
    expect(view.status).toBe('queued');

    const ada = await agentOn(b, 'ada@shop.test');
    const assigned = await visitor.events.next<VisitorConversation>('conversation:update', (c) => c.id === conversationId && c.status === 'assigned');
    expect(assigned.agentName).toBe('Ada');
    // A visitor arriving on A now sees that someone is there.
    expect((await visitorOn(a)).hello.availability.agents).toBe(true);

    await ok(ada.emit('message:send', { conversationId, clientId: crypto.randomUUID(), text: 'Hello from node B.' }));
    await visitor.events.next<Message>('message:new', (m) => m.author === 'agent' && m.text === 'Hello from node B.');
    await ok(visitor.send('Thanks, from node A.'));
    await ada.events.next<Message>('message:new', (m) => m.conversationId === conversationId && m.text === 'Thanks, from node A.');
    await ok(ada.emit('conversation:resolve', { conversationId }));
    ada.close();
  }, 60_000);

  it('answers a visitor on node B from an agent on node A', async () => {
    const bob = await agentOn(a, 'bob@shop.test');
    const visitor = await visitorOn(b);
    const { conversationId, view } = await reachPerson(visitor);
    expect(view).toMatchObject({ status: 'assigned', agentName: 'Bob' });
    await bob.events.next<ConversationSummary>('conversation:upsert', (c) => c.id === conversationId);
    await ok(bob.emit('message:send', { conversationId, clientId: crypto.randomUUID(), text: 'Bob on node A here.' }));
    await visitor.events.next<Message>('message:new', (m) => m.text === 'Bob on node A here.');
    await ok(bob.emit('conversation:resolve', { conversationId }));
    bob.close();
  }, 60_000);

  it('lets exactly one of two agents on different nodes claim a waiting conversation, 100 times out of 100', async () => {
    const ada = await agentOn(a, 'ada@shop.test');
    const bob = await agentOn(b, 'bob@shop.test');
    // Away: handoffs wait in the queue for someone to claim them.
    await ok(ada.emit('agent:status', { status: 'away' }));
    await ok(bob.emit('agent:status', { status: 'away' }));
    const [adaCookie, bobCookie] = await Promise.all([login(a.url, 'ada@shop.test', PASSWORD), login(b.url, 'bob@shop.test', PASSWORD)]);
    let adaWins = 0;
    for (let round = 0; round < 100; round++) {
      // Fresh consoles each round: a hundred quick claims would exhaust one socket's event limit.
      const [adaTab, bobTab] = await Promise.all([connectAgent(a.url, adaCookie), connectAgent(b.url, bobCookie)]);
      const { visitor, conversationId } = await newHandoff(round % 2 === 0 ? a : b);
      const results = await Promise.all([adaTab.emit('conversation:claim', { conversationId }), bobTab.emit('conversation:claim', { conversationId })]);
      expect(results.filter((r) => r.ok)).toHaveLength(1);
      expect(results.filter((r) => !r.ok)).toEqual([{ ok: false, error: 'conflict' }]);
      if (results[0]!.ok) adaWins++;
      // Each console keeps only a few chats open at once: the winner closes it for the next round.
      await ok((results[0]!.ok ? adaTab : bobTab).emit('conversation:resolve', { conversationId }));
      visitor.close();
      adaTab.close();
      bobTab.close();
    }
    // Both nodes won some rounds: the race was a real one.
    expect(adaWins).toBeGreaterThan(0);
    expect(adaWins).toBeLessThan(100);
    ada.close();
    bob.close();
  }, 240_000);

  it('keeps every message of a visitor whose node is killed, exactly once and in order, after they resend to the other node', async () => {
    const c = await startNodeProcess({ ...env, PARLEY_NODE_ID: 'node-c' });
    extra.push(c);
    const visitor = resendingVisitor('parcel 9920');
    await visitor.connect(c.url);
    await visitor.writeWhileKilling(c, 16, 6);
    expect(c.child.signalCode).toBe('SIGKILL');
    expect(visitor.unacked).toBeGreaterThan(0);
    await visitor.connect(a.url);
    await visitor.resend();
    await visitor.write(4);
    expect(visitor.unacked).toBe(0);
    visitor.close();

    const client = new pg.Client({ connectionString: db!.url });
    await client.connect();
    try {
      const { rows } = await client.query<{ text: string }>(
        "SELECT text FROM messages WHERE conversation_id = $1 AND author = 'visitor' ORDER BY seq",
        [visitor.conversationId],
      );
      expect(rows.map((r) => r.text)).toEqual(visitor.texts());
    } finally {
      await client.end();
    }
  }, 120_000);
});
