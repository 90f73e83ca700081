import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AgentMessage, ConversationSummary, Message, VisitorConversation } from '../../../protocol/index.ts';
import { createAgent, startTestServer, type TestServer } from '../../support/server.ts';
import { connectAgent, connectVisitor, login, type AgentPeer, type VisitorPeer } from '../peers.ts';

let server: TestServer;
let agent: AgentPeer;
let visitor: VisitorPeer;

beforeAll(async () => {
  server = await startTestServer();
  await createAgent(server, { email: 'ada@shop.test', password: 'a long password', name: 'Ada' });
  agent = await connectAgent(server.url, await login(server.url, 'ada@shop.test', 'a long password'));
  visitor = await connectVisitor(server.url);
});
afterAll(async () => {
  agent?.close();
  visitor?.close();
  await server?.close();
});

/** Accepts the bot's offer the way the widget does: the "yes" quick reply if there is one, else the word. */
async function acceptOffer(v: VisitorPeer, offer: Message) {
  const yes = offer.quickReplies.find((q) => q.value === 'handoff:yes');
  return v.send(yes?.label ?? 'yes', { reply: yes?.value ?? null });
}

describe('from bot to a person and back to the bot', () => {
  let conversationId: string;

  it('offers a person to a frustrated visitor and, on "yes", queues the conversation for the online agent', async () => {
    const hello = await visitor.hello();
    expect(hello.ok && hello.agentsOnline).toBe(true);

    const ack = await visitor.send('this is useless, I want a real person!!');
    if (!ack.ok) throw new Error(ack.error);
    conversationId = ack.conversationId;
    const offer = await visitor.events.next<Message>('message:new', (m) => m.author === 'bot');
    const offerMeta = (await agent.events.next<AgentMessage>('message:new', (m) => m.id === offer.id)).bot;
    expect(offerMeta?.frustrated).toBe(true);

    if (offerMeta?.kind !== 'handoff') {
      expect(offerMeta?.kind).toBe('offer_handoff');
      expect((await acceptOffer(visitor, offer)).ok).toBe(true);
    }

    const queued = await agent.events.next<ConversationSummary>('conversation:upsert', (c) => c.id === conversationId && c.status === 'queued');
    expect(queued.priority).not.toBeNull();
    expect(queued.handoff?.reasons.length).toBeGreaterThan(0);
    expect(queued.handoff?.summary).toBe('this is useless, I want a real person!!');

    const update = await visitor.events.next<VisitorConversation>('conversation:update', (c) => c.status === 'queued');
    expect(update.queuePosition).toBe(1);

    const list = await agent.emit<{ conversations: ConversationSummary[] }>('queue:list', {});
    if (!list.ok) throw new Error(list.error);
    expect(list.conversations[0]!.id).toBe(conversationId);
  });

  it('shows the agent the whole transcript, bot turns with their reasoning', async () => {
    const opened = await agent.emit<{ messages: AgentMessage[] }>('conversation:open', { conversationId });
    if (!opened.ok) throw new Error(opened.error);
    expect(opened.messages[0]).toMatchObject({ author: 'visitor', text: 'this is useless, I want a real person!!' });
    expect(opened.messages.filter((m) => m.author === 'bot').every((m) => m.bot !== null)).toBe(true);
  });

  it('lets the agent take over and reply; the visitor sees it live and the bot stays silent', async () => {
    const claim = await agent.emit<{ conversation: ConversationSummary }>('conversation:claim', { conversationId });
    if (!claim.ok) throw new Error(claim.error);
    expect(claim.conversation).toMatchObject({ status: 'assigned', assignedAgent: { name: 'Ada' } });
    await visitor.events.next<Message>('message:new', (m) => m.author === 'system' && m.text.includes('Ada'));
    await visitor.events.next<VisitorConversation>('conversation:update', (c) => c.status === 'assigned' && c.agentName === 'Ada');

    // A second claim by the same agent is harmless; the reply must be the assigned agent's.
    expect((await agent.emit('conversation:claim', { conversationId })).ok).toBe(true);

    const sent = await agent.emit('message:send', { conversationId, clientId: crypto.randomUUID(), text: 'Hi, I am Ada. Let me look.' });
    expect(sent.ok).toBe(true);
    const live = await visitor.events.next<Message>('message:new', (m) => m.author === 'agent');
    expect(live).toMatchObject({ text: 'Hi, I am Ada. Let me look.', authorName: 'Ada' });
    expect(live).not.toHaveProperty('bot');

    const botTurnsBefore = visitor.events.all<Message>('message:new').filter((m) => m.author === 'bot').length;
    const ack = await visitor.send('where is my order?');
    expect(ack.ok).toBe(true);
    await agent.events.next<AgentMessage>('message:new', (m) => m.author === 'visitor' && m.text === 'where is my order?');
    // The agent's next message arriving after the visitor's proves the server finished that turn.
    await agent.emit('message:send', { conversationId, clientId: crypto.randomUUID(), text: 'Checking now.' });
    await visitor.events.next<Message>('message:new', (m) => m.text === 'Checking now.');
    const rows = await server.store.listMessages(conversationId);
    expect(rows.filter((r) => r.author === 'bot').length).toBe(botTurnsBefore);
    expect(rows.at(-2)).toMatchObject({ author: 'visitor', text: 'where is my order?' });
  });

  it('refuses a reply from an agent the conversation is not assigned to', async () => {
    await createAgent(server, { email: 'bob@shop.test', password: 'another password', name: 'Bob' });
    const bob = await connectAgent(server.url, await login(server.url, 'bob@shop.test', 'another password'));
    expect(await bob.emit('message:send', { conversationId, clientId: crypto.randomUUID(), text: 'me too' })).toEqual({ ok: false, error: 'forbidden' });
    expect(await bob.emit('conversation:claim', { conversationId })).toEqual({ ok: false, error: 'conflict' });
    expect(await bob.emit('conversation:open', { conversationId: 'no-such-conversation' })).toEqual({ ok: false, error: 'not_found' });
    bob.close();
  });

  it('resolves; the visitor is asked for a rating, and the rating is stored and shown to agents', async () => {
    const resolved = await agent.emit<{ conversation: ConversationSummary }>('conversation:resolve', { conversationId });
    if (!resolved.ok) throw new Error(resolved.error);
    expect(resolved.conversation.status).toBe('resolved');
    await visitor.events.next<VisitorConversation>('conversation:update', (c) => c.status === 'resolved' && c.ratingRequested);

    expect(await visitor.emit('rating:send', { conversationId, score: 5, comment: 'Quick and kind' })).toEqual({ ok: true });
    const rated = await agent.events.next<ConversationSummary>('conversation:upsert', (c) => c.id === conversationId && c.rating !== null);
    expect(rated.rating).toEqual({ score: 5, comment: 'Quick and kind' });
    await visitor.events.next<VisitorConversation>('conversation:update', (c) => c.status === 'resolved' && !c.ratingRequested);
    const row = await server.store.getConversation(conversationId);
    expect(row).toMatchObject({ ratingScore: 5, ratingComment: 'Quick and kind' });
  });

  it('reopens with the bot when the visitor writes again', async () => {
    const ack = await visitor.send('where is my order?');
    if (!ack.ok) throw new Error(ack.error);
    expect(ack.conversationId).toBe(conversationId);
    await visitor.events.next<VisitorConversation>('conversation:update', (c) => c.status === 'bot' && !c.ratingRequested);
    const answer = await visitor.events.next<Message>('message:new', (m) => m.author === 'bot' && m.seq > ack.seq);
    expect(answer.conversationId).toBe(conversationId);
  });
});
