import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Message } from '../../../protocol/index.ts';
import { startTestServer, type TestServer } from '../../support/server.ts';
import { connectVisitor } from '../peers.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server?.close());

describe('visitors are kept apart', () => {
  it("never lets one visitor see or touch another's conversation", async () => {
    const alice = await connectVisitor(server.url);
    const aliceHello = await alice.hello();
    if (!aliceHello.ok) throw new Error(aliceHello.error);
    const ack = await alice.send('my address is 1 Secret Lane, where is my order?');
    if (!ack.ok) throw new Error(ack.error);
    await alice.events.next<Message>('message:new', (m) => m.author === 'bot');

    const mallory = await connectVisitor(server.url);
    // A forged token: same shape, Alice's id, wrong signature → a brand-new visitor.
    const forged = `v1.${aliceHello.visitorId}.${'A'.repeat(43)}`;
    const hello = await mallory.hello(forged);
    if (!hello.ok) throw new Error(hello.error);
    expect(hello.visitorId).not.toBe(aliceHello.visitorId);
    expect(hello.conversation).toBeNull();
    expect(hello.messages).toEqual([]);

    // Rating someone else's conversation: reported as missing.
    expect(await mallory.emit('rating:send', { conversationId: ack.conversationId, score: 1, comment: null })).toEqual({
      ok: false,
      error: 'not_found',
    });

    // Alice's next messages go to Alice only.
    await alice.send('and my phone is 555-0100');
    await alice.events.next<Message>('message:new', (m) => m.text === 'and my phone is 555-0100');
    const own = await mallory.send('hello');
    expect(own.ok && own.conversationId).not.toBe(ack.conversationId);
    await mallory.events.next<Message>('message:new', (m) => m.author === 'bot');
    const leaked = mallory.events.all<Message>('message:new').filter((m) => m.conversationId === ack.conversationId);
    expect(leaked).toEqual([]);
    alice.close();
    mallory.close();
  });
});
