import { afterEach, describe, expect, it } from 'vitest';
import type { ConversationSummary, Message, VisitorConversation } from '../../../protocol/index.ts';
import { startTestServer, type TestServer } from '../../support/server.ts';
import { newHandoff, ok, reachPerson, signIn } from '../desk-peers.ts';
import { connectVisitor } from '../peers.ts';

// Every visitor waiting for a person gets an answer: a person, or — when nobody can answer soon — the
// leave-a-message form, while staying in the queue until they leave one.

let server: TestServer;
const closers: Array<{ close(): void }> = [];
afterEach(async () => {
  for (const c of closers.splice(0)) c.close();
  await server?.close();
});

async function start(env: Record<string, string> = {}) {
  server = await startTestServer({ env });
  return server;
}

describe('nobody available', () => {
  it('offers the form at once, in one message from the bot, and a message left moves the chat to "left a message"', async () => {
    await start();
    const visitor = await connectVisitor(server.url);
    closers.push(visitor);
    const hello = await visitor.hello();
    expect(hello.ok && hello.availability).toEqual({ open: true, agents: false, opensAt: null, mail: false });

    const { conversationId, view } = await reachPerson(visitor);
    expect(view).toMatchObject({ status: 'queued', contactRequested: true, queuePosition: 1 });
    // Angry and asking for a person, the visitor is handed off at once: the bot's one reply is the handoff,
    // and it says nobody can answer now; nothing else contradicts it.
    const after = visitor.events.all<Message>('message:new');
    expect(after.map((m) => m.author)).toEqual(['visitor', 'bot']);
    expect(after[1]!.text).toMatch(/Nobody from our team can answer right now/);
    expect(after[1]!.text).not.toMatch(/connecting you/i);
    // Mail is off (no PARLEY_SMTP_URL): no promise of an e-mail; the answer waits in this chat.
    expect(after[1]!.text).not.toMatch(/e-mail/i);
    expect(after[1]!.text).toMatch(/waiting in this chat/);

    expect(await visitor.emit('contact:send', { email: 'kim@example.com', name: 'Kim' })).toEqual({ ok: true });
    const left = await visitor.events.next<VisitorConversation>('conversation:update', (c) => c.status === 'offline');
    expect(left).toMatchObject({ id: conversationId, contactRequested: false, queuePosition: null });
    expect(await server.store.getVisitor(hello.ok ? hello.visitorId : '')).toMatchObject({ email: 'kim@example.com', name: 'Kim' });

    // An agent who signs in later finds it under "left a message", and it is not assigned to them unasked.
    const ada = await signIn(server, 'Ada');
    closers.push(ada);
    const list = await ok(ada.emit<{ conversations: ConversationSummary[] }>('queue:list', {}));
    expect(list.conversations.map((c) => [c.id, c.status])).toEqual([[conversationId, 'offline']]);
  });

  it('offers the form to visitors waiting in the queue when the last agent leaves', async () => {
    await start({ PARLEY_MAX_CHATS: '1' });
    const ada = await signIn(server, 'Ada');
    const first = await newHandoff(server);
    closers.push(first.visitor);
    expect(first.view).toMatchObject({ status: 'assigned', agentName: 'Ada' });
    // Ada is at her limit: the next visitor waits in the queue, told their place, no form yet.
    const second = await newHandoff(server);
    closers.push(second.visitor);
    expect(second.view).toMatchObject({ status: 'queued', queuePosition: 1, contactRequested: false });

    ada.close();
    const offered = await second.visitor.events.next<VisitorConversation>('conversation:update', (c) => c.contactRequested, 20_000);
    expect(offered).toMatchObject({ id: second.conversationId, status: 'queued', queuePosition: 1 });
    expect((await server.store.listEvents(second.conversationId)).at(-1)).toMatchObject({ to: 'queued', reason: 'nobody available' });
  });

  it('gives an away agent no new chats, and offers the form when the only available agent goes away', async () => {
    await start({ PARLEY_MAX_CHATS: '1' });
    const ada = await signIn(server, 'Ada');
    closers.push(ada);
    const first = await newHandoff(server);
    closers.push(first.visitor);
    const waiting = await newHandoff(server);
    closers.push(waiting.visitor);
    expect(waiting.view.status).toBe('queued');

    expect(await ada.emit('agent:status', { status: 'away' })).toMatchObject({ ok: true, me: { status: 'away' } });
    await waiting.visitor.events.next<VisitorConversation>('conversation:update', (c) => c.contactRequested);
    // Away keeps her chat; she gets no new one even after it ends.
    expect((await server.store.getConversation(first.conversationId))?.assignedAgentId).toBe(ada.profile.id);
    await ok(ada.emit('conversation:resolve', { conversationId: first.conversationId }));
    const fresh = await newHandoff(server);
    closers.push(fresh.visitor);
    expect(fresh.view).toMatchObject({ status: 'queued', contactRequested: true });
    const hello = await fresh.visitor.hello(fresh.token);
    expect(hello.ok && hello.availability.agents).toBe(false);

    // Back to available: the waiting ones are assigned, most urgent and longest waiting first.
    await ok(ada.emit('agent:status', { status: 'available' }));
    await waiting.visitor.events.next<VisitorConversation>('conversation:update', (c) => c.status === 'assigned' && c.agentName === 'Ada');
    expect((await server.store.getConversation(fresh.conversationId))?.status).toBe('queued');
  });

  it('offers the form after the queue timeout even while agents are online', async () => {
    await start({ PARLEY_MAX_CHATS: '1', PARLEY_QUEUE_TIMEOUT_S: '1' });
    const ada = await signIn(server, 'Ada');
    closers.push(ada);
    closers.push((await newHandoff(server)).visitor);
    const waiting = await newHandoff(server);
    closers.push(waiting.visitor);
    expect(waiting.view).toMatchObject({ status: 'queued', contactRequested: false });
    const offered = await waiting.visitor.events.next<VisitorConversation>('conversation:update', (c) => c.contactRequested);
    expect(offered).toMatchObject({ status: 'queued', queuePosition: 1 });
    expect((await server.store.listEvents(waiting.conversationId)).at(-1)?.reason).toBe('queue timeout');

    // Ada frees up before the visitor leaves a message: she gets the chat, and the form goes away.
    const [mine] = (await server.store.listWaiting()).filter((c) => c.status === 'assigned');
    await ok(ada.emit('conversation:resolve', { conversationId: mine!.id }));
    await waiting.visitor.events.next<VisitorConversation>('conversation:update', (c) => c.status === 'assigned' && !c.contactRequested);
  });
});

describe('outside business hours', () => {
  it('says so on hello, and a handoff offers the form at once even with an agent online', async () => {
    // A one-hour window that starts two hours from now (UTC): closed now, whatever the time of day.
    const start2h = (new Date().getUTCHours() + 2) % 24;
    const hh = (h: number) => String(h).padStart(2, '0');
    await start({ PARLEY_BUSINESS_HOURS: `mon-sun ${hh(start2h)}:00-${hh(start2h + 1)}:00`, PARLEY_TIMEZONE: 'UTC' });
    const ada = await signIn(server, 'Ada');
    closers.push(ada);

    const visitor = await connectVisitor(server.url);
    closers.push(visitor);
    const hello = await visitor.hello();
    if (!hello.ok) throw new Error(hello.error);
    expect(hello.availability.open).toBe(false);
    const opensIn = hello.availability.opensAt! - Date.now();
    expect(opensIn).toBeGreaterThan(60 * 60_000);
    expect(opensIn).toBeLessThanOrEqual(2 * 60 * 60_000);

    const { view } = await reachPerson(visitor);
    expect(view).toMatchObject({ status: 'queued', contactRequested: true });
    expect(visitor.events.all<Message>('message:new').filter((m) => m.author === 'bot').at(-1)?.text).toMatch(/Nobody from our team can answer right now/);
    const list = await ok(ada.emit<{ settings: { open: boolean } }>('queue:list', {}));
    expect(list.settings.open).toBe(false);
  });
});

