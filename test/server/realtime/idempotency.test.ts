import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Message } from '../../../protocol/index.ts';
import { startTestServer, type TestServer } from '../../support/server.ts';
import { connectVisitor } from '../peers.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server?.close());

describe('resending a message', () => {
  it('stores it once and acknowledges the same id, also from a new connection', async () => {
    const visitor = await connectVisitor(server.url);
    const hello = await visitor.hello();
    if (!hello.ok) throw new Error(hello.error);
    const clientId = randomUUID();
    const first = await visitor.send('where is my order?', { clientId });
    const again = await visitor.send('where is my order?', { clientId });
    expect(first.ok).toBe(true);
    expect(again).toEqual(first);
    await visitor.events.next<Message>('message:new', (m) => m.author === 'bot');
    visitor.close();

    // The widget's outbox resends after a reconnect.
    const reconnected = await connectVisitor(server.url);
    await reconnected.hello(hello.token);
    expect(await reconnected.send('where is my order?', { clientId })).toEqual(first);
    reconnected.close();

    if (!first.ok) return;
    const rows = await server.store.listMessages(first.conversationId);
    expect(rows.filter((r) => r.clientId === clientId)).toHaveLength(1);
    expect(rows.filter((r) => r.author === 'bot')).toHaveLength(1);
  });
});
