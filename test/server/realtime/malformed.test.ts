import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { MAX_MESSAGE_CHARS, type Message } from '../../../protocol/index.ts';
import { startTestServer, type TestServer } from '../../support/server.ts';
import { connectVisitor, type VisitorPeer } from '../peers.ts';

let server: TestServer;
let visitor: VisitorPeer;

beforeAll(async () => {
  server = await startTestServer();
});
// A fresh connection per case: each has its own rate limit, so one case's events never throttle the next.
beforeEach(async () => {
  visitor = await connectVisitor(server.url);
});
afterEach(() => visitor?.close());
afterAll(async () => {
  await server?.close();
});

describe('malformed events', () => {
  it('refuses message:send before session:hello with not_ready', async () => {
    expect(await visitor.send('hi')).toEqual({ ok: false, error: 'not_ready' });
  });

  it.each([
    ['nothing at all', []],
    ['a string instead of an object', ['where is my order?']],
    ['a number', [42]],
    ['null', [null]],
    ['an array', [[1, 2, 3]]],
    ['missing fields', [{ text: 'hi' }]],
    ['wrong types', [{ clientId: 123, text: ['hi'], reply: 5 }]],
    ['a clientId that is not a uuid', [{ clientId: 'x', text: 'hi', reply: null }]],
    ['an empty text', [{ clientId: randomUUID(), text: '   ', reply: null }]],
    ['a text over the limit', [{ clientId: randomUUID(), text: 'a'.repeat(MAX_MESSAGE_CHARS + 1), reply: null }]],
  ])('answers %s with invalid_payload', async (_name, args) => {
    await visitor.hello();
    expect(await visitor.emit('message:send', ...args)).toEqual({ ok: false, error: 'invalid_payload' });
  });

  it('refuses a bad session:hello and a bad rating with invalid_payload', async () => {
    expect(await visitor.emit('session:hello', { token: 5, locale: 'fr' })).toEqual({ ok: false, error: 'invalid_payload' });
    expect(await visitor.emit('rating:send', { conversationId: 'x', score: 9, comment: null })).toEqual({ ok: false, error: 'invalid_payload' });
    expect(await visitor.emit('contact:send', { email: 'not-an-email', name: null })).toEqual({ ok: false, error: 'invalid_payload' });
  });

  it('lives through events without an ack function, unknown events and extra arguments, then works', async () => {
    const raw = visitor.socket as unknown as { emit: (...a: unknown[]) => void };
    raw.emit('message:send', 'no ack here');
    raw.emit('message:send', { clientId: randomUUID(), text: 'no ack either', reply: null });
    raw.emit('message:send');
    raw.emit('no:such:event', { a: 1 });
    raw.emit('typing', 'yes please');
    raw.emit('session:hello', null, 'not a function');

    await visitor.hello();
    const ack = await visitor.send('where is my order?');
    expect(ack.ok).toBe(true);
    await visitor.events.next<Message>('message:new', (m) => m.author === 'bot');
    const health = await fetch(`${server.url}/healthz`);
    expect(await health.json()).toEqual({ ok: true });
  });

  it('drops a connection that sends a packet over the size limit, and keeps serving others', async () => {
    const big = await connectVisitor(server.url);
    await big.hello();
    const closed = new Promise<string>((resolve) => big.socket.on('disconnect', (reason) => resolve(reason)));
    (big.socket as unknown as { emit: (...a: unknown[]) => void }).emit('message:send', { clientId: randomUUID(), text: 'x'.repeat(20_000), reply: null });
    expect(await closed).toBeTruthy();

    const fresh = await connectVisitor(server.url);
    expect((await fresh.hello()).ok).toBe(true);
    fresh.close();
  });

  it('rate-limits a flood of messages from one connection', async () => {
    const flood = await connectVisitor(server.url);
    await flood.hello();
    const acks = await Promise.all(Array.from({ length: 25 }, (_, i) => flood.send(`message number ${i}`)));
    expect(acks.filter((a) => a.ok).length).toBeGreaterThan(0);
    expect(acks).toContainEqual({ ok: false, error: 'rate_limited' });
    flood.close();
  });
});
