import { afterEach, describe, expect, it } from 'vitest';
import type { ConversationSummary } from '../../../protocol/index.ts';
import { startTestServer, type TestServer } from '../../support/server.ts';
import { newHandoff, ok, signIn } from '../desk-peers.ts';
import { connectVisitor, type VisitorPeer } from '../peers.ts';

// A flood from one address: sockets, visitors and conversations are limited per client address (behind
// trusted proxies, the address they report), not per socket; agents' consoles do not hear about a flood
// of new bot chats at all.

let server: TestServer;
const peers: Array<{ close(): void }> = [];
afterEach(async () => {
  for (const p of peers.splice(0)) p.close();
  await server?.close();
});

const LIMITS = { PARLEY_LIMIT_CONNECTIONS: '8', PARLEY_LIMIT_VISITORS: '5', PARLEY_LIMIT_CONVERSATIONS: '3' };
const start = async (env: Record<string, string> = {}) => (server = await startTestServer({ env: { PARLEY_RATE_LIMIT_EXEMPT: '', ...LIMITS, ...env } }));

/** Connects, or resolves with the refusal's message. */
const tryConnect = (headers: Record<string, string> = {}): Promise<VisitorPeer | string> =>
  connectVisitor(server.url, { headers }).then(
    (peer) => (peers.push(peer), peer),
    (err: Error) => err.message,
  );

describe('one address flooding', () => {
  it('gets its sockets, visitors and conversations refused with rate_limited beyond the limits', async () => {
    await start();
    const results = await Promise.all(Array.from({ length: 12 }, () => tryConnect()));
    const sockets = results.filter((r): r is VisitorPeer => typeof r !== 'string');
    expect(sockets).toHaveLength(8);
    expect(results.filter((r) => typeof r === 'string')).toEqual(Array(4).fill('rate_limited'));

    const hellos = await Promise.all(sockets.map((s) => s.hello()));
    expect(hellos.filter((h) => h.ok)).toHaveLength(5);
    expect(hellos.filter((h) => !h.ok)).toEqual(Array(3).fill({ ok: false, error: 'rate_limited' }));

    const visitors = sockets.filter((_s, i) => hellos[i]!.ok);
    const sends = await Promise.all(visitors.map((v) => v.send('hello, anyone there?')));
    expect(sends.filter((s) => s.ok)).toHaveLength(3);
    expect(sends.filter((s) => !s.ok)).toEqual(Array(2).fill({ ok: false, error: 'rate_limited' }));

    // A visitor who already has a conversation goes on talking: the limit is on starting new ones.
    const talking = visitors[sends.findIndex((s) => s.ok)]!;
    expect((await talking.send('where is my order?')).ok).toBe(true);
  });

  it('lets exempt addresses through (a health check, an office NAT, a load test)', async () => {
    await start({ PARLEY_RATE_LIMIT_EXEMPT: '127.0.0.1, ::1' });
    const results = await Promise.all(Array.from({ length: 12 }, () => tryConnect()));
    expect(results.every((r) => typeof r !== 'string')).toBe(true);
  });

  it('counts each client behind a trusted proxy on its own', async () => {
    await start({ PARLEY_TRUST_PROXY: 'loopback' });
    for (let i = 0; i < 8; i++) expect(typeof (await tryConnect({ 'x-forwarded-for': '203.0.113.1' }))).not.toBe('string');
    expect(await tryConnect({ 'x-forwarded-for': '203.0.113.1' })).toBe('rate_limited');
    expect(typeof (await tryConnect({ 'x-forwarded-for': '203.0.113.2' }))).not.toBe('string');
  });

  it('sends no console an event about a flood of new bot chats, and keeps the waiting list whole', async () => {
    await start({ PARLEY_RATE_LIMIT_EXEMPT: 'loopback' });
    const ada = await signIn(server, 'Ada');
    peers.push(ada);
    await ok(ada.emit('agent:status', { status: 'away' }));
    const waiting = await newHandoff(server, 'my charger caught fire and burned my hand');
    peers.push(waiting.visitor);
    const before = ada.events.seen.length;

    const flood = await Promise.all(Array.from({ length: 40 }, () => connectVisitor(server.url)));
    peers.push(...flood);
    await Promise.all(flood.map(async (v) => (await v.hello(), v.send('where is my order?'))));
    await Promise.all(flood.map((v) => v.events.next('message:new', (m: { author: string }) => m.author === 'bot')));

    // Whatever the console heard after the flood began, none of it is about the flood's chats.
    const floodIds = new Set(flood.map((v) => v.events.all<{ conversationId: string }>('message:new')[0]!.conversationId));
    const heard = ada.events.seen.slice(before).filter((e) => JSON.stringify(e.args).match(/[0-9a-f-]{36}/g)?.some((id) => floodIds.has(id)));
    expect(heard.map((e) => e.event)).toEqual([]);
    const list = await ok(ada.emit<{ conversations: ConversationSummary[] }>('queue:list', {}));
    expect(list.conversations.map((c) => c.id)).toEqual([waiting.conversationId]);
  });
});
