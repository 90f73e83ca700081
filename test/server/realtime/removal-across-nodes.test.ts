import { afterAll, beforeAll, expect, it } from 'vitest';
import { SESSION_SWEEP_MS } from '../../../server/realtime/session-end.ts';
import { startNodes } from '../../support/nodes.ts';
import { describeWithRedis, NO_REDIS, REDIS_URL } from '../../support/redis.ts';
import type { TestServer } from '../../support/server.ts';
import { signIn, type SignedIn } from '../desk-peers.ts';
import { connectAgent, connectVisitor, type AgentPeer, type VisitorPeer } from '../peers.ts';

// An admin on one node removes an agent whose consoles are on another, or erases a visitor chatting
// there: the adapter carries the disconnect, so it happens at once, not at the other node's next sweep.

let install: Awaited<ReturnType<typeof startNodes>> | undefined;
let a: TestServer;
let b: TestServer;
const open: Array<AgentPeer | VisitorPeer> = [];

const disconnected = (peer: AgentPeer | VisitorPeer) =>
  new Promise<string>((resolve, reject) => {
    // Well under the session sweep: only the adapter can have done it this soon.
    const timer = setTimeout(() => reject(new Error('still connected')), SESSION_SWEEP_MS / 2);
    (peer.socket as unknown as { once(event: 'disconnect', fn: (reason: string) => void): void }).once('disconnect', (reason) => (clearTimeout(timer), resolve(reason)));
  });

describeWithRedis(`admin actions on another node${NO_REDIS}`, () => {
  let admin: SignedIn;
  beforeAll(async () => {
    install = await startNodes(2, { redisUrl: REDIS_URL!, name: 'removal-nodes' });
    [a, b] = install.nodes as [TestServer, TestServer];
    admin = await signIn(a, 'Ada');
    open.push(admin);
  });
  afterAll(async () => {
    for (const peer of open) peer.close();
    await install?.close();
  });

  it("disconnects a removed agent's consoles on every node at once", async () => {
    const gus = await signIn(b, 'Gus');
    const onA = await connectAgent(a.url, gus.cookie);
    open.push(gus, onA);
    const ends = [disconnected(gus), disconnected(onA)];
    const res = await fetch(`${a.url}/api/admin/team/${gus.profile.id}`, { method: 'DELETE', headers: { cookie: admin.cookie } });
    expect(res.status).toBe(200);
    expect(await Promise.all(ends)).toEqual(['io server disconnect', 'io server disconnect']);
    expect((await fetch(`${b.url}/api/agent/me`, { headers: { cookie: gus.cookie } })).status).toBe(401);
  });

  it("ends an erased visitor's widget on another node at once", async () => {
    const visitor = await connectVisitor(b.url);
    open.push(visitor);
    const hello = await visitor.hello();
    expect(hello.ok).toBe(true);
    expect(await visitor.emit('visitor:identify', { name: null, email: 'gone@example.com' })).toMatchObject({ ok: true });
    const ended = disconnected(visitor);
    const res = await fetch(`${a.url}/api/admin/visitors/erase`, {
      method: 'POST',
      headers: { cookie: admin.cookie, 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'gone@example.com' }),
    });
    expect(((await res.json()) as { erased: { visitors: number } }).erased.visitors).toBe(1);
    expect(await ended).toBe('io server disconnect');
  });
});
