import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Message } from '../../../protocol/index.ts';
import { startNodes } from '../../support/nodes.ts';
import { describeWithRedis, NO_REDIS, startPrivateRedis } from '../../support/redis.ts';
import type { TestServer } from '../../support/server.ts';
import { newHandoff, ok, signIn, upsertOf, type SignedIn } from '../desk-peers.ts';
import { connectAgent, connectVisitor, type AgentPeer, type VisitorPeer } from '../peers.ts';

// Redis restarting under two nodes mid-conversation: nothing acknowledged is lost on the way to the other
// node, nothing crashes, and each node says so once ("redis unavailable", then "redis is back").

/** One node's log lines, parsed. */
function logLines() {
  const lines: Array<{ msg: string; level: number }> = [];
  return { lines, write: (s: string) => void lines.push(JSON.parse(s)) };
}

async function until(test: () => boolean, what: string, ms = 15_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!test()) {
    if (Date.now() > deadline) throw new Error(`still waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

let redis: Awaited<ReturnType<typeof startPrivateRedis>> | undefined;
let install: Awaited<ReturnType<typeof startNodes>> | undefined;
const logs = [logLines(), logLines()];
const open: Array<{ close(): void }> = [];

// Its own redis-server (stopped and started here); REDIS_URL says this machine has Redis at all.
describeWithRedis(`two nodes while Redis restarts${NO_REDIS}`, () => {
  let a: TestServer;
  let b: TestServer;
  beforeAll(async () => {
    redis = await startPrivateRedis();
    install = await startNodes(2, { redisUrl: redis.url, name: 'redis-outage', env: { LOG_LEVEL: 'info' }, logs });
    [a, b] = install.nodes as [TestServer, TestServer];
  });
  afterAll(async () => {
    for (const peer of open) peer.close();
    await install?.close();
    await redis?.stop();
  });

  it('lose no message acknowledged before, during or after the outage on its way to the other node, and log it once', async () => {
    const ada: SignedIn = await signIn(b, 'Ada');
    open.push(ada);
    const handoff = await newHandoff(a);
    const { conversationId } = handoff;
    let visitor: VisitorPeer = handoff.visitor;
    open.push(visitor);
    await upsertOf(ada, conversationId, (c) => c.status === 'assigned');

    let agent: AgentPeer = ada;
    const sent = { byVisitor: [] as number[], byAgent: [] as number[] };
    const exchange = async (tag: string) => {
      sent.byVisitor.push((await ok(visitor.send(`visitor ${tag}`))).seq);
      sent.byAgent.push((await ok(agent.emit<{ seq: number }>('message:send', { conversationId, clientId: randomUUID(), text: `agent ${tag}` }))).seq);
    };
    const unavailable = (i: number) => logs[i]!.lines.filter((l) => l.msg.startsWith('redis unavailable')).length;
    // What each side has of the conversation: live events on any of its sockets, and what it fetched.
    const agentHas = new Set<number>();
    const visitorHas = new Set<number>();
    const live = () => {
      for (const m of agent.events.all<Message>('message:new')) if (m.conversationId === conversationId) agentHas.add(m.seq);
      for (const m of visitor.events.all<Message>('message:new')) if (m.conversationId === conversationId) visitorHas.add(m.seq);
    };

    await exchange('before');
    await redis!.stop();
    await until(() => unavailable(0) > 0 && unavailable(1) > 0, 'both nodes to notice');
    for (const n of [1, 2, 3]) await exchange(`during ${n}`);
    // Meanwhile each node serves its own sockets: its own side of the chat shows at once, Redis or not.
    await visitor.events.next<Message>('message:new', (m) => m.seq === sent.byVisitor.at(-1));
    await agent.events.next<Message>('message:new', (m) => m.seq === sent.byAgent.at(-1));
    // The reason Socket.IO clients reconnect on by themselves (not 'io server disconnect', which they do not).
    const reasons: string[] = [];
    for (const peer of [visitor, agent]) peer.socket.once('disconnect', (reason) => void reasons.push(reason));
    await redis!.start();
    await until(() => logs.every((l) => l.lines.some((x) => x.msg === 'redis is back')), 'both nodes to say Redis is back');

    // Each node closes its sockets' transports once Redis is back, so clients reconnect and catch up (a
    // stream entry not yet read when this Redis, without persistence, died is gone with it).
    await until(() => !visitor.socket.connected && !agent.socket.connected, 'the sockets to be asked to reconnect');
    expect(reasons).toEqual(['transport close', 'transport close']);
    live();
    visitor = await connectVisitor(a.url);
    open.push(visitor);
    const hello = await ok(visitor.hello(handoff.token));
    for (const m of hello.messages) visitorHas.add(m.seq);
    agent = await connectAgent(b.url, ada.cookie);
    open.push(agent);
    const opened = await ok(agent.emit<{ messages: Message[] }>('conversation:open', { conversationId }));
    for (const m of opened.messages) agentHas.add(m.seq);

    await exchange('after');
    await agent.events.next<Message>('message:new', (m) => m.seq === sent.byVisitor.at(-1));
    await visitor.events.next<Message>('message:new', (m) => m.seq === sent.byAgent.at(-1));
    live();
    expect(sent.byVisitor.filter((seq) => !agentHas.has(seq))).toEqual([]);
    expect(sent.byAgent.filter((seq) => !visitorHas.has(seq))).toEqual([]);
    expect([unavailable(0), unavailable(1)]).toEqual([1, 1]);
  }, 60_000);
});
