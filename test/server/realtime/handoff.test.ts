import { beforeAll, describe, expect, it } from 'vitest';
import type { Alert, AgentMessage, ConversationSummary, Message, VisitorConversation } from '../../../protocol/index.ts';
import type { TestServer } from '../../support/server.ts';
import { ASK_FOR_PERSON, deskFixture, ok, reachPerson, signIn, upsertOf, type SignedIn } from '../desk-peers.ts';
import { connectVisitor, type VisitorPeer } from '../peers.ts';

const desk = deskFixture({ agents: ['Ada'] });
let server: TestServer;
let ada: SignedIn;
let visitor: VisitorPeer;

beforeAll(async () => {
  [server, ada] = [desk.server, desk.agent('Ada')];
  visitor = desk.track(await connectVisitor(server.url));
});

describe('from bot to a person and back to the bot', () => {
  let conversationId: string;

  it('hands a frustrated visitor who accepts a person to the available agent at once, and alerts her', async () => {
    const hello = await visitor.hello();
    expect(hello.ok && hello.availability).toEqual({ open: true, agents: true, opensAt: null, mail: false });

    const reached = await reachPerson(visitor);
    conversationId = reached.conversationId;
    expect(reached.view).toMatchObject({ status: 'assigned', agentName: 'Ada', queuePosition: null, contactRequested: false });
    await visitor.events.next<Message>('message:new', (m) => m.author === 'system' && m.text === 'Ada joined the conversation');

    const alert = await ada.events.next<Alert>('alert', (a) => a.conversation.id === conversationId);
    expect(alert.kind).toBe('assigned');
    expect(alert.conversation.handoff?.reasons.length).toBeGreaterThan(0);
    expect(alert.conversation.handoff?.summary).toBe(ASK_FOR_PERSON);
    // A click on the bot's "Yes, connect me" is not the visitor's own words: the list shows what they wrote.
    expect(alert.conversation.lastVisitorMessage?.text).toBe(ASK_FOR_PERSON);
    expect(alert.conversation.lastMessage?.text).not.toBe(ASK_FOR_PERSON);

    const list = await ok(ada.emit<{ conversations: ConversationSummary[] }>('queue:list', {}));
    expect(list.conversations.map((c) => [c.id, c.status, c.assignedAgent?.name])).toEqual([[conversationId, 'assigned', 'Ada']]);
  });

  it('shows the agent the whole transcript, bot turns with their reasoning', async () => {
    const opened = await ok(ada.emit<{ messages: AgentMessage[]; hasEarlier: boolean }>('conversation:open', { conversationId }));
    expect(opened.hasEarlier).toBe(false);
    expect(opened.messages[0]).toMatchObject({ author: 'visitor', text: ASK_FOR_PERSON });
    expect(opened.messages.filter((m) => m.author === 'bot').every((m) => m.bot !== null)).toBe(true);
  });

  it('lets the agent reply; the visitor sees it live and the bot stays silent', async () => {
    const sent = await ada.emit('message:send', { conversationId, clientId: crypto.randomUUID(), text: 'Hi, I am Ada. Let me look.' });
    expect(sent.ok).toBe(true);
    const live = await visitor.events.next<Message>('message:new', (m) => m.author === 'agent');
    expect(live).toMatchObject({ text: 'Hi, I am Ada. Let me look.', authorName: 'Ada' });
    expect(live).not.toHaveProperty('bot');

    const botTurnsBefore = visitor.events.all<Message>('message:new').filter((m) => m.author === 'bot').length;
    expect((await visitor.send('where is my order?')).ok).toBe(true);
    await ada.events.next<AgentMessage>('message:new', (m) => m.author === 'visitor' && m.text === 'where is my order?');
    // The agent's next message arriving after the visitor's proves the server finished that turn.
    await ada.emit('message:send', { conversationId, clientId: crypto.randomUUID(), text: 'Checking now.' });
    await visitor.events.next<Message>('message:new', (m) => m.text === 'Checking now.');
    const rows = await server.store.listMessages(conversationId);
    expect(rows.filter((r) => r.author === 'bot').length).toBe(botTurnsBefore);
    expect(rows.at(-2)).toMatchObject({ author: 'visitor', text: 'where is my order?' });
  });

  it('refuses a reply or a take-over from an agent the conversation is not assigned to', async () => {
    const bob = await signIn(server, 'Bob');
    expect(await bob.emit('message:send', { conversationId, clientId: crypto.randomUUID(), text: 'me too' })).toEqual({ ok: false, error: 'forbidden' });
    expect(await bob.emit('conversation:claim', { conversationId })).toEqual({ ok: false, error: 'conflict' });
    expect(await bob.emit('conversation:resolve', { conversationId })).toEqual({ ok: false, error: 'forbidden' });
    expect(await bob.emit('conversation:release', { conversationId })).toEqual({ ok: false, error: 'forbidden' });
    expect(await bob.emit('conversation:open', { conversationId: 'no-such-conversation' })).toEqual({ ok: false, error: 'not_found' });
    // A second claim by the assigned agent is harmless.
    expect((await ada.emit('conversation:claim', { conversationId })).ok).toBe(true);
    bob.close();
  });

  it('resolves; the visitor is asked for a rating, and the rating is stored and shown to agents', async () => {
    const resolved = await ok(ada.emit<{ conversation: ConversationSummary }>('conversation:resolve', { conversationId }));
    expect(resolved.conversation.status).toBe('resolved');
    await visitor.events.next<VisitorConversation>('conversation:update', (c) => c.status === 'resolved' && c.ratingRequested);

    expect(await visitor.emit('rating:send', { conversationId, score: 5, comment: 'Quick and kind' })).toEqual({ ok: true });
    const rated = await upsertOf(ada, conversationId, (c) => c.rating !== null);
    expect(rated.rating).toEqual({ score: 5, comment: 'Quick and kind' });
    await visitor.events.next<VisitorConversation>('conversation:update', (c) => c.status === 'resolved' && !c.ratingRequested);
    expect(await server.store.getConversation(conversationId)).toMatchObject({ ratingScore: 5, ratingComment: 'Quick and kind' });
  });

  it('lets an agent follow a resolved conversation up: it reopens, assigned to her, and the visitor sees her', async () => {
    const followed = await ok(ada.emit<{ conversation: ConversationSummary }>('conversation:claim', { conversationId }));
    expect(followed.conversation).toMatchObject({ status: 'assigned', assignedAgent: { name: 'Ada' }, resolvedAt: null });
    await visitor.events.next<VisitorConversation>('conversation:update', (c) => c.id === conversationId && c.status === 'assigned' && c.agentName === 'Ada');
    expect((await ada.emit('message:send', { conversationId, clientId: crypto.randomUUID(), text: 'One more thing: your refund went out today.' })).ok).toBe(true);
    await visitor.events.next<Message>('message:new', (m) => m.text === 'One more thing: your refund went out today.');
    expect((await server.store.listEvents(conversationId)).at(-1)).toMatchObject({ from: 'resolved', to: 'assigned', reason: 'reopened to follow up' });
    await ok(ada.emit('conversation:resolve', { conversationId }));
  });

  it('reopens with the bot when the visitor writes again after resolve', async () => {
    const ack = await visitor.send('where is my order?');
    if (!ack.ok) throw new Error(ack.error);
    expect(ack.conversationId).toBe(conversationId);
    await visitor.events.next<VisitorConversation>('conversation:update', (c) => c.status === 'bot' && !c.ratingRequested);
    const answer = await visitor.events.next<Message>('message:new', (m) => m.author === 'bot' && m.seq > ack.seq);
    expect(answer.conversationId).toBe(conversationId);
  });

  it('refuses to follow up a resolved conversation when the visitor has started a newer one', async () => {
    const other = await connectVisitor(server.url);
    await other.hello();
    const first = await reachPerson(other);
    await ok(ada.emit('conversation:resolve', { conversationId: first.conversationId }));
    // A day later the visitor's next message starts a new conversation.
    const row = await server.store.getConversation(first.conversationId);
    await server.store.transition(first.conversationId, { from: ['resolved'], to: 'resolved', actor: { kind: 'system', id: null }, reason: 'test', patch: { resolvedAt: row!.resolvedAt! - 2 * 86_400_000 } });
    const next = await other.send('hello again');
    expect(next.ok && next.conversationId).not.toBe(first.conversationId);
    expect(await ada.emit('conversation:claim', { conversationId: first.conversationId })).toEqual({ ok: false, error: 'conflict' });
    other.close();
  });
});
