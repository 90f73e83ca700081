import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConversationSummary, IdentifyAck, Message } from '../../../protocol/index.ts';
import { identityHash } from '../../../server/auth/identity.ts';
import { startTestServer, type TestServer } from '../../support/server.ts';
import { deskFixture, ok, reachPerson, type SignedIn } from '../desk-peers.ts';
import { connectVisitor, type VisitorPeer } from '../peers.ts';

// Parley('identify', {id, name, email, hash}) over real sockets: a good, a bad and no hash, with the identity
// optional and required; one verified person across browsers; never someone else's conversation.

const SECRET = 'identity-secret-for-these-tests-0123456789';
const hashOf = (id: string) => identityHash(SECRET, id);
const WRONG = identityHash('some-other-secret-of-enough-length-000000', 'whoever');

async function browser(server: TestServer, token: string | null = null): Promise<{ peer: VisitorPeer; visitorId: string; token: string; hello: Awaited<ReturnType<VisitorPeer['hello']>> }> {
  const peer = await connectVisitor(server.url);
  const hello = await peer.hello(token);
  if (!hello.ok) throw new Error(hello.error);
  return { peer, visitorId: hello.visitorId, token: hello.token, hello };
}

const identify = (peer: VisitorPeer, claim: { id?: string | null; name?: string | null; email?: string | null; hash?: string | null }) =>
  peer.emit('visitor:identify', { name: null, email: null, ...claim }) as Promise<IdentifyAck>;

describe('identify with the identity optional (a secret set)', () => {
  const desk = deskFixture({ agents: ['Ada'], env: { PARLEY_IDENTITY_SECRET: SECRET } });
  let ada: SignedIn;
  beforeAll(() => {
    ada = desk.agent('Ada');
  });

  it('verifies a good hash: the visitor becomes that user, and the agent sees the user id', async () => {
    const { peer, visitorId } = await browser(desk.server);
    desk.track(peer);
    expect(await identify(peer, { id: 'user-1', name: 'Mei Lin', email: 'mei@example.com', hash: hashOf('user-1') })).toEqual({ ok: true, verified: true, token: null });
    expect(await desk.server.store.getVisitor(visitorId)).toMatchObject({ externalId: 'user-1', name: 'Mei Lin', email: 'mei@example.com' });
    const { conversationId } = await reachPerson(peer);
    const { conversation } = await ok(ada.emit<{ conversation: ConversationSummary }>('conversation:open', { conversationId }));
    expect(conversation.visitor).toMatchObject({ externalId: 'user-1', name: 'Mei Lin' });
  });

  it.each([
    ['a bad hash', WRONG],
    ['no hash', null],
  ])('keeps %s as not verified: name and e-mail shown, no user id recorded', async (_, hash) => {
    const { peer, visitorId } = await browser(desk.server);
    desk.track(peer);
    expect(await identify(peer, { id: 'user-bad', name: 'Claimed Name', email: 'claimed@example.com', hash })).toEqual({ ok: true, verified: false, token: null });
    expect(await desk.server.store.getVisitor(visitorId)).toMatchObject({ externalId: null, name: 'Claimed Name', email: 'claimed@example.com' });
  });

  it("never joins a browser to someone's conversation with a bad hash", async () => {
    const owner = await browser(desk.server);
    desk.track(owner.peer);
    await ok(identify(owner.peer, { id: 'victim', hash: hashOf('victim') }));
    await ok(owner.peer.send('my card number is private'));

    const attacker = await browser(desk.server);
    desk.track(attacker.peer);
    for (const hash of [WRONG, hashOf('victim ').slice(0, 64), null]) {
      expect(await identify(attacker.peer, { id: 'victim', hash })).toEqual({ ok: true, verified: false, token: null });
    }
    const again = await attacker.peer.hello(attacker.token);
    if (!again.ok) throw new Error(again.error);
    expect(again.visitorId).toBe(attacker.visitorId);
    expect(again.conversation).toBeNull();
    expect(attacker.peer.events.all<Message>('message:new').map((m) => m.text)).not.toContain('my card number is private');
  });

  it("continues a verified person's conversation on a second browser, which hears it live from then on", async () => {
    const first = await browser(desk.server);
    desk.track(first.peer);
    await ok(identify(first.peer, { id: 'traveller', hash: hashOf('traveller') }));
    const sent = await ok(first.peer.send('hello from my laptop'));

    const second = await browser(desk.server);
    desk.track(second.peer);
    const ack = await ok(identify(second.peer, { id: 'traveller', name: 'Tra Veller', hash: hashOf('traveller') }));
    expect(ack.verified).toBe(true);
    expect(ack.token).toEqual(expect.any(String));
    const hello = await second.peer.hello(ack.token);
    if (!hello.ok) throw new Error(hello.error);
    expect(hello.visitorId).toBe(first.visitorId);
    expect(hello.conversation?.id).toBe(sent.conversationId);
    expect(hello.messages.map((m) => m.text)).toContain('hello from my laptop');
    // The anonymous visitor the second browser started as was left as it was.
    expect((await desk.server.store.getVisitor(second.visitorId))?.externalId).toBeNull();

    await ok(first.peer.send('and now from my phone'));
    await second.peer.events.next<Message>('message:new', (m) => m.text === 'and now from my phone');
  });

  it("starts a new visitor for another id on a browser verified as someone, without the first person's conversation", async () => {
    const shared = await browser(desk.server);
    desk.track(shared.peer);
    await ok(identify(shared.peer, { id: 'first-person', hash: hashOf('first-person') }));
    await ok(shared.peer.send('first person here'));

    const verifiedOther = await ok(identify(shared.peer, { id: 'second-person', hash: hashOf('second-person') }));
    expect(verifiedOther.verified).toBe(true);
    const hello = await shared.peer.hello(verifiedOther.token);
    if (!hello.ok) throw new Error(hello.error);
    expect(hello.visitorId).not.toBe(shared.visitorId);
    expect(hello.conversation).toBeNull();
    expect((await desk.server.store.getVisitor(hello.visitorId))?.externalId).toBe('second-person');

    // An unverified claim to be a third person gets a fresh anonymous visitor too.
    const unverified = await ok(identify(shared.peer, { id: 'third-person', name: 'Third' }));
    expect(unverified).toMatchObject({ verified: false, token: expect.any(String) });
    const third = await shared.peer.hello(unverified.token);
    if (!third.ok) throw new Error(third.error);
    expect([shared.visitorId, hello.visitorId]).not.toContain(third.visitorId);
    expect(third.conversation).toBeNull();
    expect(await desk.server.store.getVisitor(third.visitorId)).toMatchObject({ externalId: null, name: 'Third' });
  });

  it('refuses an id with control characters or over 128 characters, and a hash that is not 64 hex digits', async () => {
    const { peer } = await browser(desk.server);
    desk.track(peer);
    for (const claim of [{ id: 'a\nb', hash: hashOf('a\nb') }, { id: 'x'.repeat(129), hash: hashOf('x'.repeat(129)) }, { id: 'ok', hash: 'abc' }]) {
      expect(await identify(peer, claim)).toEqual({ ok: false, error: 'invalid_payload' });
    }
  });
});

describe('identify with PARLEY_IDENTITY_REQUIRED=true', () => {
  let server: TestServer;
  const peers: VisitorPeer[] = [];
  beforeAll(async () => {
    server = await startTestServer({ env: { PARLEY_IDENTITY_SECRET: SECRET, PARLEY_IDENTITY_REQUIRED: 'true' } });
  });
  afterAll(async () => {
    for (const p of peers) p.close();
    await server?.close();
  });

  it('verifies a good hash', async () => {
    const { peer, visitorId } = await browser(server);
    peers.push(peer);
    expect(await identify(peer, { id: 'member', name: 'Member', hash: hashOf('member') })).toEqual({ ok: true, verified: true, token: null });
    expect(await server.store.getVisitor(visitorId)).toMatchObject({ externalId: 'member', name: 'Member' });
  });

  it.each([
    ['a bad hash', WRONG],
    ['no hash', null],
  ])('refuses %s with `unverified`: nothing recorded, the visitor stays anonymous', async (_, hash) => {
    const { peer, visitorId } = await browser(server);
    peers.push(peer);
    expect(await identify(peer, { id: 'member', name: 'Impostor', email: 'impostor@example.com', hash })).toEqual({ ok: false, error: 'unverified' });
    expect(await identify(peer, { name: 'Just a name' })).toEqual({ ok: false, error: 'unverified' });
    expect(await server.store.getVisitor(visitorId)).toMatchObject({ externalId: null, name: null, email: null });
  });
});

describe('identify without a secret configured', () => {
  let server: TestServer;
  let peer: VisitorPeer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    peer?.close();
    await server?.close();
  });

  it('verifies nobody, whatever the hash: name and e-mail are shown as not verified', async () => {
    const b = await browser(server);
    peer = b.peer;
    expect(await identify(peer, { id: 'user-1', name: 'Kim', hash: hashOf('user-1') })).toEqual({ ok: true, verified: false, token: null });
    expect(await server.store.getVisitor(b.visitorId)).toMatchObject({ externalId: null, name: 'Kim' });
  });
});
