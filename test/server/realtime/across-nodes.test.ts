import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { ConversationSummary, Message } from '../../../protocol/index.ts';
import { SESSION_SWEEP_MS } from '../../../server/realtime/session-end.ts';
import { startNodes } from '../../support/nodes.ts';
import { describeWithRedis, NO_REDIS, REDIS_URL } from '../../support/redis.ts';
import type { TestServer } from '../../support/server.ts';
import { newHandoff, ok, signIn, upsertOf } from '../desk-peers.ts';
import { connectAgent, type AgentPeer, type VisitorPeer } from '../peers.ts';

// Two nodes of one install, joined by Redis (PARLEY_REDIS_URL): a visitor and the agent who answers them
// may sit on different nodes behind a load balancer, and neither notices.

let install: Awaited<ReturnType<typeof startNodes>> | undefined;
let a: TestServer;
let b: TestServer;
const open: Array<AgentPeer | VisitorPeer> = [];
const track = <T extends AgentPeer | VisitorPeer>(peer: T): T => (open.push(peer), peer);

describeWithRedis(`two nodes sharing one Redis${NO_REDIS}`, () => {
  beforeAll(async () => {
    install = await startNodes(2, { redisUrl: REDIS_URL!, name: 'across-nodes' });
    [a, b] = install.nodes as [TestServer, TestServer];
  });
  afterAll(async () => {
    for (const peer of open) peer.close();
    await install?.close();
  });

  it('show every console, on either node, a conversation joining the queue', async () => {
    // Both agents away (and nobody else signed in yet): the chat waits in the queue for every console to see.
    const bea = track(await signIn(a, 'Bea'));
    const cy = track(await signIn(b, 'Cy'));
    await ok(bea.emit('agent:status', { status: 'away' }));
    await ok(cy.emit('agent:status', { status: 'away' }));
    const { visitor, conversationId } = await newHandoff(a);
    track(visitor);
    const queued = (c: ConversationSummary) => c.status === 'queued';
    await Promise.all([upsertOf(bea, conversationId, queued), upsertOf(cy, conversationId, queued)]);
  });

  it("deliver an agent's reply sent on node B to the visitor on node A, and the visitor's answer back", async () => {
    const ada = track(await signIn(b, 'Ada'));
    const { visitor, conversationId } = await newHandoff(a);
    track(visitor);
    // The handoff happened on node A; Ada's console on node B is told it is hers.
    await upsertOf(ada, conversationId, (c) => c.status === 'assigned' && c.assignedAgent?.id === ada.profile.id);

    const reply = await ok(ada.emit<{ seq: number }>('message:send', { conversationId, clientId: randomUUID(), text: 'Hello from node B' }));
    const seen = await visitor.events.next<Message>('message:new', (m) => m.author === 'agent' && m.seq === reply.seq);
    expect(seen).toMatchObject({ conversationId, text: 'Hello from node B' });

    const answer = await ok(visitor.send('thanks, node A here'));
    await ada.events.next<Message>('message:new', (m) => m.conversationId === conversationId && m.seq === answer.seq && m.author === 'visitor');
  });

  it("end a signed-out session's consoles on the other node at once, not at that node's next sweep", async () => {
    const dee = track(await signIn(a, 'Dee'));
    const onB = track(await connectAgent(b.url, dee.cookie));
    await ok(onB.emit('queue:list', {}));
    const ended = new Promise<void>((resolve) => onB.socket.once('disconnect', () => resolve()));
    const res = await fetch(`${a.url}/api/agent/logout`, { method: 'POST', headers: { cookie: dee.cookie } });
    expect(res.status).toBe(200);
    // Well within a sweep interval: node B's own sweep most likely did not do it, node A's sign-out reached it.
    await expect(Promise.race([ended.then(() => 'ended'), new Promise((r) => setTimeout(() => r('still open'), SESSION_SWEEP_MS / 5))])).resolves.toBe('ended');
  });
});
