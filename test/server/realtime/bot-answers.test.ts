import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Message } from '../../../protocol/index.ts';
import { REPO_ROOT } from '../../../server/config.ts';
import { loadIntentPack } from '../../../server/intents/load.ts';
import type { IntentPack } from '../../../server/intents/schema.ts';
import { startTestServer, type TestServer } from '../../support/server.ts';
import { connectVisitor } from '../peers.ts';

let server: TestServer;
let pack: IntentPack;

beforeAll(async () => {
  server = await startTestServer();
  pack = await loadIntentPack(join(REPO_ROOT, 'intents'));
});
afterAll(() => server?.close());

const answerOf = (id: string, lang: 'en' | 'zh') => pack.intents.find((i) => i.id === id)!.answer[lang];

describe('a visitor asks, the bot answers', () => {
  it('answers "where is my order?" with the order_status answer, stored with its reasoning', async () => {
    const visitor = await connectVisitor(server.url);
    const hello = await visitor.hello();
    expect(hello.ok).toBe(true);
    if (!hello.ok) return;
    expect(hello.conversation).toBeNull();

    const ack = await visitor.send('where is my order?');
    expect(ack.ok).toBe(true);
    if (!ack.ok) return;
    const reply = await visitor.events.next<Message>('message:new', (m) => m.author === 'bot');
    expect(reply.conversationId).toBe(ack.conversationId);
    expect(reply.text).toBe(answerOf('order_status', 'en'));
    // Visitors never see the bot's reasoning…
    expect(reply).not.toHaveProperty('bot');

    // …but it is stored for agents.
    const rows = await server.store.listMessages(ack.conversationId);
    expect(rows.map((r) => r.author)).toEqual(['visitor', 'bot']);
    expect(rows[1]!.bot).toMatchObject({ kind: 'answer', intent: 'order_status', lang: 'en' });
    visitor.close();
  });

  it('answers "我想退货" in Chinese with the returns answer', async () => {
    const visitor = await connectVisitor(server.url);
    await visitor.hello(null, { locale: 'zh' });
    const ack = await visitor.send('我想退货');
    expect(ack.ok).toBe(true);
    const reply = await visitor.events.next<Message>('message:new', (m) => m.author === 'bot');
    const rows = await server.store.listMessages(reply.conversationId);
    const meta = rows.find((r) => r.author === 'bot')!.bot!;
    expect(meta).toMatchObject({ kind: 'answer', lang: 'zh' });
    expect(meta.intent).toMatch(/return/);
    expect(reply.text).toBe(answerOf(meta.intent!, 'zh'));
    visitor.close();
  });

  it('shows the message to every tab of the same visitor', async () => {
    const first = await connectVisitor(server.url);
    const hello = await first.hello();
    if (!hello.ok) throw new Error('hello failed');
    const second = await connectVisitor(server.url);
    await second.hello(hello.token);
    await first.send('hello there');
    await second.events.next<Message>('message:new', (m) => m.author === 'visitor' && m.text === 'hello there');
    await second.events.next<Message>('message:new', (m) => m.author === 'bot');
    first.close();
    second.close();
  });
});
