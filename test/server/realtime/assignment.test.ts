import { beforeAll, describe, expect, it } from 'vitest';
import type { Alert, AgentState, VisitorConversation } from '../../../protocol/index.ts';
import type { TestServer } from '../../support/server.ts';
import { deskFixture, newHandoff, ok, type SignedIn } from '../desk-peers.ts';

// Automatic assignment: handoffs go to the available agent with the fewest chats, up to the limit; the rest
// wait in a queue ordered by urgency, then waiting time, told their place and an estimated wait.

const desk = deskFixture({ agents: ['Ada', 'Bob'], env: { PARLEY_MAX_CHATS: '1' } });
let server: TestServer;
let ada: SignedIn;
let bob: SignedIn;

beforeAll(() => {
  [server, ada, bob] = [desk.server, desk.agent('Ada'), desk.agent('Bob')];
});

const handoff = async (text?: string) => {
  const h = await newHandoff(server, text);
  desk.track(h.visitor);
  return h;
};

describe('automatic assignment and the queue', () => {
  let first: Awaited<ReturnType<typeof handoff>>;
  let normal: Awaited<ReturnType<typeof handoff>>;
  let urgent: Awaited<ReturnType<typeof handoff>>;

  it('spreads handoffs over the available agents, one chat each at a limit of one', async () => {
    first = await handoff();
    const second = await handoff();
    expect(new Set([first.view.agentName, second.view.agentName])).toEqual(new Set(['Ada', 'Bob']));
    const roster = await ok(ada.emit<{ agents: AgentState[] }>('queue:list', {}));
    expect(roster.agents.map((a) => [a.name, a.online, a.chats])).toEqual([
      ['Ada', true, 1],
      ['Bob', true, 1],
    ]);
  });

  it('queues the next one when everyone is at the limit, tells the visitor their place, and alerts the agents', async () => {
    normal = await handoff();
    expect(normal.view).toMatchObject({ status: 'queued', queuePosition: 1, contactRequested: false });
    for (const agent of [ada, bob]) {
      expect((await agent.events.next<Alert>('alert', (a) => a.conversation.id === normal.conversationId)).kind).toBe('queued');
    }
  });

  it('puts an urgent visitor ahead of one who waited longer, and tells the other they moved', async () => {
    urgent = await handoff('my charger caught fire and burned my hand');
    expect(urgent.view).toMatchObject({ status: 'queued', queuePosition: 1 });
    await normal.visitor.events.next<VisitorConversation>('conversation:update', (c) => c.queuePosition === 2);
  });

  it('estimates the wait from the median time to a first agent reply over the last day', async () => {
    const assignee = first.view.agentName === 'Ada' ? ada : bob;
    await ok(assignee.emit('message:send', { conversationId: first.conversationId, clientId: crypto.randomUUID(), text: 'Hello, I am here.' }));
    // The next change to the queue carries the estimate (one reply so far, rounded up to a minute).
    const again = await handoff();
    expect(again.view).toMatchObject({ status: 'queued', queuePosition: 3, waitEstimateMs: 60_000 });
    await server.store.transition(again.conversationId, { from: ['queued'], to: 'resolved', actor: { kind: 'system', id: null }, reason: 'test' });
  });

  it('gives the freed agent the most urgent waiting conversation as soon as one of theirs is resolved', async () => {
    const assignee = first.view.agentName === 'Ada' ? ada : bob;
    await ok(assignee.emit('conversation:resolve', { conversationId: first.conversationId }));
    const taken = await urgent.visitor.events.next<VisitorConversation>('conversation:update', (c) => c.status === 'assigned');
    expect(taken.agentName).toBe(first.view.agentName);
    const alert = await assignee.events.next<Alert>('alert', (a) => a.conversation.id === urgent.conversationId && a.kind === 'assigned');
    expect(alert.conversation.priority).toBe('urgent');
    await normal.visitor.events.next<VisitorConversation>('conversation:update', (c) => c.status === 'queued' && c.queuePosition === 1);
  });
});
