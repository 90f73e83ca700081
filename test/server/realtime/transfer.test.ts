import { beforeAll, describe, expect, it } from 'vitest';
import type { Alert, AgentMessage, AgentState, ConversationSummary, Message, Note, VisitorConversation } from '../../../protocol/index.ts';
import type { TestServer } from '../../support/server.ts';
import { deskFixture, newHandoff, ok, signIn, type SignedIn } from '../desk-peers.ts';

// Passing a conversation on: to a named colleague with a note, or back to the queue for whoever is free.

const desk = deskFixture({ agents: ['Ada', 'Bob'] });
let server: TestServer;
let ada: SignedIn;
let bob: SignedIn;
let handoff: Awaited<ReturnType<typeof newHandoff>>;

beforeAll(async () => {
  [server, ada, bob] = [desk.server, desk.agent('Ada'), desk.agent('Bob')];
  await ok(bob.emit('agent:status', { status: 'away' }));
  handoff = await newHandoff(server);
  desk.track(handoff.visitor);
  expect(handoff.view.agentName).toBe('Ada');
});

describe('transfer and release', () => {
  it('refuses a transfer to an agent who is away, offline or unknown, and one by anyone but the assignee', async () => {
    const { conversationId } = handoff;
    expect(await ada.emit('conversation:transfer', { conversationId, toAgentId: bob.profile.id, note: null })).toEqual({ ok: false, error: 'unavailable' });
    expect(await ada.emit('conversation:transfer', { conversationId, toAgentId: 'nobody', note: null })).toEqual({ ok: false, error: 'not_found' });
    expect(await ada.emit('conversation:transfer', { conversationId, toAgentId: ada.profile.id, note: null })).toEqual({ ok: false, error: 'invalid_payload' });
    await ok(bob.emit('agent:status', { status: 'available' }));
    expect(await bob.emit('conversation:transfer', { conversationId, toAgentId: bob.profile.id, note: null })).toEqual({ ok: false, error: 'invalid_payload' });
    const cy = await signIn(server, 'Cy');
    expect(await cy.emit('conversation:transfer', { conversationId, toAgentId: bob.profile.id, note: null })).toEqual({ ok: false, error: 'forbidden' });
    cy.close();
  });

  it('moves it to the colleague with the note: they are alerted, the visitor is told, the old agent can no longer reply', async () => {
    const { conversationId, visitor } = handoff;
    const moved = await ok(ada.emit<{ conversation: ConversationSummary }>('conversation:transfer', { conversationId, toAgentId: bob.profile.id, note: 'Wants a refund to a new card; order 1042.' }));
    expect(moved.conversation.assignedAgent?.name).toBe('Bob');

    const alert = await bob.events.next<Alert>('alert', (a) => a.conversation.id === conversationId);
    expect(alert).toMatchObject({ kind: 'transferred', from: { name: 'Ada' }, note: 'Wants a refund to a new card; order 1042.' });
    await visitor.events.next<VisitorConversation>('conversation:update', (c) => c.agentName === 'Bob');
    await visitor.events.next<Message>('message:new', (m) => m.author === 'system' && m.text === 'Bob joined the conversation');

    expect(await ada.emit('message:send', { conversationId, clientId: crypto.randomUUID(), text: 'still me' })).toEqual({ ok: false, error: 'forbidden' });
    await ok(bob.emit('message:send', { conversationId, clientId: crypto.randomUUID(), text: 'Hi, Bob here — I have the details.' }));
    await visitor.events.next<Message>('message:new', (m) => m.text === 'Hi, Bob here — I have the details.');

    // The note stays with the conversation, for agents only.
    const opened = await ok(bob.emit<{ notes: Note[] }>('conversation:open', { conversationId }));
    expect(opened.notes.map((n) => [n.text, n.author.name])).toEqual([['Transferred to Bob: Wants a refund to a new card; order 1042.', 'Ada']]);
    const roster = await ok(ada.emit<{ agents: AgentState[] }>('queue:list', {}));
    expect(roster.agents.filter((a) => a.name !== 'Cy').map((a) => [a.name, a.chats])).toEqual([
      ['Ada', 0],
      ['Bob', 1],
    ]);
  });

  it('releases it to the queue, where it goes to someone else — never straight back to who released it', async () => {
    const { conversationId, visitor } = handoff;
    const released = await ok(bob.emit<{ conversation: ConversationSummary }>('conversation:release', { conversationId }));
    // Ada is free: the conversation is hers again at once.
    expect(released.conversation).toMatchObject({ status: 'assigned', assignedAgent: { name: 'Ada' } });
    await visitor.events.next<Message>('message:new', (m) => m.author === 'system' && /Bob passed your conversation on/.test(m.text));
    await ada.events.next<Alert>('alert', (a) => a.conversation.id === conversationId && a.kind === 'assigned');

    // Ada releases it with nobody else free: it waits in the queue rather than bounce back to her.
    await ok(bob.emit('agent:status', { status: 'away' }));
    const waiting = await ok(ada.emit<{ conversation: ConversationSummary }>('conversation:release', { conversationId }));
    expect(waiting.conversation).toMatchObject({ status: 'queued', assignedAgent: null });
    await visitor.events.next<VisitorConversation>('conversation:update', (c) => c.status === 'queued' && c.queuePosition === 1);
    expect(await bob.emit('conversation:release', { conversationId })).toEqual({ ok: false, error: 'conflict' });
    // She can still take it back by hand.
    await ok(ada.emit('conversation:claim', { conversationId }));
    const transcript = await ok(ada.emit<{ messages: AgentMessage[] }>('conversation:open', { conversationId }));
    expect(transcript.messages.filter((m) => m.author === 'agent').map((m) => m.authorName)).toEqual(['Bob']);
  });
});
