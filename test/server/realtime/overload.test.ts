import type { Socket as NetSocket } from 'node:net';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Message, SendAck } from '../../../protocol/index.ts';
import { startTestServer, type TestServer } from '../../support/server.ts';
import { connectVisitor } from '../peers.ts';

// A node over capacity refuses new messages at once with `busy` and stores nothing for them, instead of
// letting them wait until the sender's acknowledgement times out. Capacity is set to one message in flight,
// and four messages reach the server in one TCP segment: the first is in flight (its bot turn waits for
// the next turn of the event loop) while the others arrive, whatever the speed of the machine.

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ env: { PARLEY_MAX_TURNS: '1', PARLEY_MAX_LAG_MS: '0' } });
});
afterAll(() => server.close());

describe('a node over capacity', () => {
  it('answers busy at once, stores nothing for the refused messages, and takes them when sent again', async () => {
    const visitor = await connectVisitor(server.url);
    const { visitorId } = (await visitor.hello()) as Extract<Awaited<ReturnType<typeof visitor.hello>>, { ok: true }>;
    const tcp = (visitor.socket.io.engine.transport as unknown as { ws: { _socket: NetSocket } }).ws._socket;

    const clientIds = [0, 1, 2, 3].map(() => randomUUID());
    tcp.cork();
    const acks = clientIds.map((clientId, i) => visitor.send(`where is my parcel, number ${i}`, { clientId }));
    setImmediate(() => tcp.uncork());
    const results = await Promise.all(acks);

    expect(results.map((r) => (r.ok ? 'ok' : r.error))).toEqual(['ok', 'busy', 'busy', 'busy']);
    const first = results[0] as Extract<SendAck, { ok: true }>;
    const stored = await server.store.listMessages(first.conversationId);
    expect(stored.filter((m) => m.author === 'visitor').map((m) => m.clientId)).toEqual([clientIds[0]]);
    for (const clientId of clientIds.slice(1)) expect(await server.store.findMessageByClientId(visitorId, clientId)).toBeNull();

    // Once the bot has answered, the node has room again: a refused message sent again is taken.
    await visitor.events.next<Message>('message:new', (m) => m.author === 'bot');
    const again = await visitor.send('where is my parcel, number 1', { clientId: clientIds[1] });
    expect(again).toMatchObject({ ok: true, conversationId: first.conversationId });
    visitor.close();
  });
});
