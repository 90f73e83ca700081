import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MESSAGE_PAGE, type AgentMessage, type Message, type Note } from '../../../protocol/index.ts';
import { startTestServer, type TestServer } from '../../support/server.ts';
import { ok, signIn, type SignedIn } from '../desk-peers.ts';
import { connectVisitor, type VisitorPeer } from '../peers.ts';

// A long conversation opens on its newest messages, on both sides, and pages backwards on request.

let server: TestServer;
let ada: SignedIn;
let visitor: VisitorPeer;
let token: string;
let conversationId: string;
const TOTAL = 130;

beforeAll(async () => {
  server = await startTestServer();
  ada = await signIn(server, 'Ada');
  visitor = await connectVisitor(server.url);
  const hello = await visitor.hello();
  if (!hello.ok) throw new Error(hello.error);
  token = hello.token;
  const { conversation: conv } = await server.store.createConversation({ visitorId: hello.visitorId, locale: 'en', pageUrl: null, actor: { kind: 'visitor', id: hello.visitorId } });
  conversationId = conv.id;
  for (let i = 1; i <= TOTAL; i++) {
    await server.store.appendMessage({ conversationId, author: i % 2 ? 'visitor' : 'bot', senderId: i % 2 ? hello.visitorId : null, authorName: null, text: `line ${i}`, clientId: null });
    if (i === 3) await server.store.addNote({ conversationId, agentId: ada.profile.id, text: 'early note' });
  }
  await server.store.addNote({ conversationId, agentId: ada.profile.id, text: 'late note' });
});
afterAll(async () => {
  ada?.close();
  visitor?.close();
  await server?.close();
});

const texts = (ms: { text: string }[]) => ms.map((m) => m.text);

describe('a long conversation', () => {
  it('opens on the newest messages for the visitor, who pages back to the first', async () => {
    const again = await visitor.hello(token);
    if (!again.ok) throw new Error(again.error);
    expect(again.messages).toHaveLength(MESSAGE_PAGE);
    expect(again.messages.at(-1)?.text).toBe(`line ${TOTAL}`);
    expect(again.hasEarlier).toBe(true);

    let before = again.messages[0]!.seq;
    const all = [...again.messages];
    for (;;) {
      const page = await ok(visitor.emit<{ messages: Message[]; hasEarlier: boolean }>('messages:before', { conversationId, beforeSeq: before }));
      all.unshift(...page.messages);
      if (!page.hasEarlier) break;
      before = page.messages[0]!.seq;
    }
    expect(texts(all)).toEqual(Array.from({ length: TOTAL }, (_, i) => `line ${i + 1}`));
  });

  it('sends only what a reconnecting widget missed, and says when there is a gap before it', async () => {
    const recent = await visitor.hello(token, { afterSeq: TOTAL - 3 });
    expect(recent.ok && [texts(recent.messages), recent.hasEarlier]).toEqual([[`line ${TOTAL - 2}`, `line ${TOTAL - 1}`, `line ${TOTAL}`], false]);
    const far = await visitor.hello(token, { afterSeq: 10 });
    expect(far.ok && [far.messages.length, far.messages[0]!.seq, far.hasEarlier]).toEqual([MESSAGE_PAGE, TOTAL - MESSAGE_PAGE + 1, true]);
  });

  it("never pages another visitor's conversation", async () => {
    const other = await connectVisitor(server.url);
    await other.hello();
    expect(await other.emit('messages:before', { conversationId, beforeSeq: 50 })).toEqual({ ok: false, error: 'not_found' });
    other.close();
  });

  it('opens on the newest messages for the agent, with the notes placed among them, and pages back', async () => {
    const opened = await ok(ada.emit<{ messages: AgentMessage[]; notes: Note[]; hasEarlier: boolean }>('conversation:open', { conversationId }));
    expect(opened.messages.at(-1)?.text).toBe(`line ${TOTAL}`);
    expect(opened.hasEarlier).toBe(true);
    expect(opened.notes.map((n) => [n.text, n.afterSeq, n.author.name])).toEqual([['late note', TOTAL, 'Ada']]);

    let page = await ok(ada.emit<{ messages: AgentMessage[]; notes: Note[]; hasEarlier: boolean }>('messages:before', { conversationId, beforeSeq: opened.messages[0]!.seq }));
    while (page.hasEarlier) {
      expect(page.notes).toEqual([]);
      page = await ok(ada.emit('messages:before', { conversationId, beforeSeq: page.messages[0]!.seq }));
    }
    expect(page.messages[0]?.text).toBe('line 1');
    expect(page.notes.map((n) => [n.text, n.afterSeq])).toEqual([['early note', 3]]);
  });
});
