import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../support/server.ts';
import { connectVisitor, type VisitorPeer } from '../peers.ts';

// A visitor erased on request while a widget of theirs is still connected (a node the adapter could not
// reach): what it sends is refused and stores nothing for the erased visitor; saying hello again makes a
// new visitor, who chats as usual.

let server: TestServer;
const open: VisitorPeer[] = [];
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  for (const peer of open) peer.close();
  await server?.close();
});

describe('a widget of an erased visitor', () => {
  it('is refused with unauthorized, leaves no rows behind, and starts over as a new visitor', async () => {
    const visitor = await connectVisitor(server.url);
    open.push(visitor);
    const hello = await visitor.hello();
    if (!hello.ok) throw new Error(hello.error);
    expect((await visitor.send('hello there')).ok).toBe(true);

    // Erased in the store only: this socket was not told.
    await server.store.eraseVisitors([hello.visitorId]);
    expect(await visitor.send('are you still there?')).toEqual({ ok: false, error: 'unauthorized' });
    expect(await server.store.getVisitor(hello.visitorId)).toBeNull();
    expect(await server.store.listVisitorConversations(hello.visitorId, 10)).toEqual([]);

    const again = await visitor.hello(hello.token);
    if (!again.ok) throw new Error(again.error);
    expect(again.visitorId).not.toBe(hello.visitorId);
    expect(again.conversation).toBeNull();
    const sent = await visitor.send('are you still there?');
    expect(sent.ok).toBe(true);
    expect((await server.store.listVisitorConversations(again.visitorId, 10)).length).toBe(1);
  });
});
