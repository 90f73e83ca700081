import { beforeAll, describe, expect, it } from 'vitest';
import type { TestServer } from '../../support/server.ts';
import { deskFixture, newHandoff, ok, type SignedIn } from '../desk-peers.ts';
import { connectAgent, connectVisitor, type AgentPeer } from '../peers.ts';

// Check-then-act races, played through two agents' sockets at once. Each case runs ten times: the store's
// compare-and-set (status and assignee in one statement) must give the same, coherent outcome every time.

const TRIES = 10;
const desk = deskFixture({ agents: ['Ada', 'Bob'] });
let server: TestServer;
let ada: SignedIn;
let bob: SignedIn;

beforeAll(async () => {
  [server, ada, bob] = [desk.server, desk.agent('Ada'), desk.agent('Bob')];
  // Away: handoffs wait in the queue for someone to take them, instead of being assigned automatically.
  await ok(ada.emit('agent:status', { status: 'away' }));
  await ok(bob.emit('agent:status', { status: 'away' }));
});
const adaCookie = () => ada.cookie;

const send = (agent: AgentPeer, conversationId: string, text: string) => agent.emit('message:send', { conversationId, clientId: crypto.randomUUID(), text });

describe('two agents at once', () => {
  it('never lets one agent resolve a conversation another has just taken over, with a visitor message in flight', async () => {
    for (let i = 0; i < TRIES; i++) {
      const { visitor, conversationId } = await newHandoff(server);
      // Either may reach the server first: alternate which one is sent first.
      const resolve = () => ada.emit('conversation:resolve', { conversationId });
      const claim = () => bob.emit('conversation:claim', { conversationId });
      const [resolved, claimed] =
        i % 2 === 0
          ? await Promise.all([resolve(), claim(), visitor.send(`are you there? (${i})`)])
          : await Promise.all([claim(), visitor.send(`are you there? (${i})`), resolve()]).then(([c, , r]) => [r, c] as const);
      // Whichever came first, Bob ends up with the conversation and can answer.
      expect(claimed.ok).toBe(true);
      expect(resolved.ok || resolved.error === 'forbidden').toBe(true);
      expect(await server.store.getConversation(conversationId)).toMatchObject({ status: 'assigned', assignedAgentId: bob.profile.id });
      expect(await send(bob, conversationId, 'Here I am.')).toMatchObject({ ok: true });
      visitor.close();
    }
  });

  it('lets exactly one of two agents take a waiting conversation', async () => {
    for (let i = 0; i < TRIES; i++) {
      const { visitor, conversationId } = await newHandoff(server);
      const results = await Promise.all([ada.emit('conversation:claim', { conversationId }), bob.emit('conversation:claim', { conversationId })]);
      expect(results.filter((r) => r.ok)).toHaveLength(1);
      expect(results.filter((r) => !r.ok)).toEqual([{ ok: false, error: 'conflict' }]);
      expect((await server.store.listEvents(conversationId)).filter((e) => e.to === 'assigned')).toHaveLength(1);
      visitor.close();
    }
  });

  it("stores no reply from an agent after they transferred the conversation away, and the new agent can always reply", async () => {
    for (let i = 0; i < TRIES; i++) {
      // A fresh console each time: its own per-socket send limit, which ten quick rounds would exhaust.
      const adaTab = await connectAgent(server.url, adaCookie());
      const { visitor, conversationId } = await newHandoff(server);
      await ok(adaTab.emit('conversation:claim', { conversationId }));
      // A transfer goes to an available agent only.
      await ok(bob.emit('agent:status', { status: 'available' }));
      const late$ = () => send(adaTab, conversationId, `one more thing (${i})`);
      const move$ = () => adaTab.emit('conversation:transfer', { conversationId, toAgentId: bob.profile.id, note: null });
      const [late, moved] = i % 2 === 0 ? await Promise.all([late$(), move$()]) : await Promise.all([move$(), late$()]).then(([m, l]) => [l, m] as const);
      expect(moved).toMatchObject({ ok: true });
      const rows = await server.store.listMessages(conversationId);
      const joined = rows.find((m) => m.author === 'system' && m.text === 'Bob joined the conversation')!;
      const fromAda = rows.filter((m) => m.author === 'agent' && m.senderId === ada.profile.id);
      if (late.ok) expect(fromAda.every((m) => m.seq < joined.seq)).toBe(true);
      else expect([late.error, fromAda]).toEqual(['forbidden', []]);
      expect(await send(adaTab, conversationId, 'still me?')).toEqual({ ok: false, error: 'forbidden' });
      const bobTab = await connectAgent(server.url, bob.cookie);
      expect(await send(bobTab, conversationId, 'Bob here.')).toMatchObject({ ok: true });
      bobTab.close();
      await ok(bob.emit('agent:status', { status: 'away' }));
      visitor.close();
      adaTab.close();
    }
  });

  it('keeps the bot silent once an agent took over, even with the visitor’s question still being answered', async () => {
    for (let i = 0; i < TRIES; i++) {
      const visitor = await connectVisitor(server.url);
      await visitor.hello();
      const first = await visitor.send('hello');
      if (!first.ok) throw new Error(first.error);
      const [, claimed] = await Promise.all([visitor.send('where is my order?'), bob.emit('conversation:claim', { conversationId: first.conversationId })]);
      expect(claimed.ok).toBe(true);
      // The visitor's next message is handled after any bot turn still in flight: its ack means that turn is over.
      expect((await visitor.send('thanks')).ok).toBe(true);
      const rows = await server.store.listMessages(first.conversationId);
      const joined = rows.find((m) => m.author === 'system' && m.text === 'Bob joined the conversation')!;
      expect(rows.filter((m) => m.author === 'bot' && m.seq > joined.seq)).toEqual([]);
      await ok(bob.emit('conversation:resolve', { conversationId: first.conversationId }));
      visitor.close();
    }
  });
});
