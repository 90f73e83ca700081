import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Message, VisitorConversation } from '../../../protocol/index.ts';
import { startTestServer, type TestServer } from '../../support/server.ts';
import { connectVisitor, type VisitorPeer } from '../peers.ts';

let server: TestServer;
let visitor: VisitorPeer;

beforeAll(async () => {
  server = await startTestServer();
  visitor = await connectVisitor(server.url);
});
afterAll(async () => {
  visitor?.close();
  await server?.close();
});

describe('handoff while nobody is online', () => {
  it('goes offline, says so, and asks for an e-mail address; leaving one clears the request', async () => {
    const hello = await visitor.hello();
    expect(hello.ok && hello.agentsOnline).toBe(false);

    const ack = await visitor.send('I want to talk to a real person right now, this bot is useless!!');
    if (!ack.ok) throw new Error(ack.error);
    let bot = await visitor.events.next<Message>('message:new', (m) => m.author === 'bot');
    for (let i = 0; i < 3; i++) {
      const row = (await server.store.listMessages(ack.conversationId)).find((r) => r.id === bot.id)!;
      if (row.bot?.kind === 'handoff') break;
      const yes = bot.quickReplies.find((q) => q.value === 'handoff:yes');
      const next = await visitor.send(yes?.label ?? 'yes', { reply: yes?.value ?? null });
      if (!next.ok) throw new Error(next.error);
      bot = await visitor.events.next<Message>('message:new', (m) => m.author === 'bot' && m.seq > next.seq);
    }

    const update = await visitor.events.next<VisitorConversation>('conversation:update', (c) => c.status === 'offline');
    expect(update.contactRequested).toBe(true);
    expect(update.queuePosition).toBeNull();
    await visitor.events.next<Message>('message:new', (m) => m.author === 'system' && /e-mail/.test(m.text));

    const row = await server.store.getConversation(ack.conversationId);
    expect(row?.status).toBe('offline');
    expect(row?.handoff?.reasons.length).toBeGreaterThan(0);

    expect(await visitor.emit('contact:send', { email: 'kim@example.com', name: 'Kim' })).toEqual({ ok: true });
    const after = await visitor.events.next<VisitorConversation>('conversation:update', (c) => c.status === 'offline' && !c.contactRequested);
    expect(after.id).toBe(ack.conversationId);
    expect(await server.store.getVisitor(hello.ok ? hello.visitorId : '')).toMatchObject({ email: 'kim@example.com', name: 'Kim' });
  });
});

