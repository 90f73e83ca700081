import { beforeAll, describe, expect, it } from 'vitest';
import type { ConversationBrief, ConversationSummary, VisitorFlag } from '../../../protocol/index.ts';
import type { TestServer } from '../../support/server.ts';
import { deskFixture, ok, reachPerson, signIn, upsertOf, type SignedIn } from '../desk-peers.ts';
import { connectVisitor, type VisitorPeer } from '../peers.ts';

// What the agent knows about who they are talking to: identity from the merchant's page, where the
// visitor is, on what device, their local time, flags set by colleagues, and earlier conversations.

const IPHONE = 'Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1';

const desk = deskFixture({ agents: ['Ada', 'Bob'] });
let server: TestServer;
let ada: SignedIn;
let bob: SignedIn;
let visitor: VisitorPeer;
let visitorId: string;
let token: string;
let conversationId: string;

beforeAll(async () => {
  [server, ada, bob] = [desk.server, desk.agent('Ada'), desk.agent('Bob')];
  await ok(bob.emit('agent:status', { status: 'away' }));
  visitor = desk.track(await connectVisitor(server.url, { userAgent: IPHONE }));
  const hello = await visitor.hello(null, { page: { url: 'https://shop.test/kettles/blue', title: 'Blue kettle' }, timeZone: 'Asia/Shanghai' });
  if (!hello.ok) throw new Error(hello.error);
  visitorId = hello.visitorId;
  token = hello.token;
  conversationId = (await reachPerson(visitor)).conversationId;
});

const opened = () => ok(ada.emit<{ conversation: ConversationSummary; history: ConversationBrief[] }>('conversation:open', { conversationId }));

describe('the visitor panel', () => {
  it('shows the page, device and local time zone the widget reported', async () => {
    const { conversation } = await opened();
    expect(conversation.visitor).toMatchObject({
      id: visitorId,
      label: `Visitor ${visitorId.replace(/-/g, '').slice(0, 4).toUpperCase()}`,
      name: null,
      page: { url: 'https://shop.test/kettles/blue', title: 'Blue kettle' },
      browser: 'Safari 18',
      os: 'iOS 18.1',
      device: 'mobile',
      timeZone: 'Asia/Shanghai',
    });
  });

  it("shows the name and e-mail the merchant's page passed to Parley('identify'), live", async () => {
    expect(await visitor.emit('visitor:identify', { name: 'Mei Lin', email: 'mei@example.com' })).toEqual({ ok: true, verified: false, token: null });
    const live = await upsertOf(ada, conversationId, (c) => c.visitor.name === 'Mei Lin');
    expect(live.visitor.email).toBe('mei@example.com');
    // A later identify with only a name keeps the e-mail.
    await visitor.emit('visitor:identify', { name: 'Mei', email: null });
    await upsertOf(ada, conversationId, (c) => c.visitor.name === 'Mei' && c.visitor.email === 'mei@example.com');
    expect(await visitor.emit('visitor:identify', { name: 'x', email: 'not an address' })).toEqual({ ok: false, error: 'invalid_payload' });
  });

  it('follows the visitor to the next page', async () => {
    await visitor.hello(token, { page: { url: 'https://shop.test/checkout', title: 'Checkout' } });
    await upsertOf(ada, conversationId, (c) => c.visitor.page?.title === 'Checkout');
    // Only web addresses are kept: agents click them.
    await visitor.hello(token, { page: { url: 'javascript:alert(1)', title: 'x' } });
    expect((await opened()).conversation.visitor.page?.url).toBe('https://shop.test/checkout');
  });

  it('shows the visitor typing to the agent on the conversation, and only to consoles watching it', async () => {
    await ok(bob.emit('conversation:open', { conversationId }));
    const other = await signIn(server, 'Cy');
    await visitor.emit('typing', { typing: true });
    expect(await ada.events.next('typing', (t: { conversationId: string; typing: boolean }) => t.conversationId === conversationId && t.typing)).toBeTruthy();
    expect(await bob.events.next('typing', (t: { conversationId: string }) => t.conversationId === conversationId)).toBeTruthy();
    await visitor.emit('typing', { typing: false });
    await ada.events.next('typing', (t: { typing: boolean }) => !t.typing);
    expect(other.events.all('typing')).toEqual([]);
    other.close();
  });

  it('keeps flags on the visitor with who set them, across conversations, shown in the list', async () => {
    const flagged = await ok(ada.emit<{ flags: VisitorFlag[] }>('visitor:flag', { visitorId, label: 'VIP' }));
    expect(flagged.flags.map((f) => [f.label, f.setBy.name])).toEqual([['vip', 'Ada']]);
    await ok(bob.emit('visitor:flag', { visitorId, label: 'prefers e-mail' }));
    const live = await upsertOf(ada, conversationId, (c) => c.visitor.flags.length === 2);
    expect(live.visitor.flags.map((f) => [f.label, f.setBy.name])).toEqual([
      ['vip', 'Ada'],
      ['prefers e-mail', 'Bob'],
    ]);
    expect(await ada.emit('visitor:flag', { visitorId, label: 'x'.repeat(41) })).toEqual({ ok: false, error: 'invalid_payload' });
    expect(await ada.emit('visitor:flag', { visitorId: 'nobody', label: 'vip' })).toEqual({ ok: false, error: 'not_found' });

    // Resolved, then a new conversation a day later: the flags are still there, and the first is in its history.
    await ok(ada.emit('conversation:resolve', { conversationId }));
    const row = await server.store.getConversation(conversationId);
    await server.store.transition(conversationId, { from: ['resolved'], to: 'resolved', actor: { kind: 'system', id: null }, reason: 'test', patch: { resolvedAt: row!.resolvedAt! - 2 * 86_400_000 } });
    const next = await visitor.send('back again: is my kettle shipped?');
    if (!next.ok) throw new Error(next.error);
    expect(next.conversationId).not.toBe(conversationId);
    const second = await ok(ada.emit<{ conversation: ConversationSummary; history: ConversationBrief[] }>('conversation:open', { conversationId: next.conversationId }));
    expect(second.conversation.visitor.flags.map((f) => f.label)).toEqual(['vip', 'prefers e-mail']);
    expect(second.history.map((h) => [h.id, h.status])).toEqual([[conversationId, 'resolved']]);

    const removed = await ok(ada.emit<{ flags: VisitorFlag[] }>('visitor:unflag', { visitorId, label: 'vip' }));
    expect(removed.flags.map((f) => f.label)).toEqual(['prefers e-mail']);
  });
});
