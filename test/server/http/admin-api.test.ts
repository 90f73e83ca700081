import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AgentServerEvents, HoursView, InviteLink, TeamMember } from '../../../protocol/index.ts';
import { hashToken } from '../../../server/auth/sessions.ts';
import type { VisitorExport } from '../../../server/privacy/visitor-data.ts';
import { startTestServer, type TestServer } from '../../support/server.ts';
import { newHandoff, ok, signIn, type SignedIn } from '../desk-peers.ts';
import { connectAgent, connectVisitor, login, type AgentPeer, type VisitorPeer } from '../peers.ts';

// What only admins do, over /api/admin: the team (invite, role, remove), business hours, visitors' data.
// Every route answers an agent 403 `forbidden` and changes nothing.

let server: TestServer;
let ada: SignedIn; // the first account: an admin
let bob: SignedIn; // an agent
const peers: Array<{ close(): void }> = [];
beforeAll(async () => {
  server = await startTestServer();
  ada = await signIn(server, 'Ada');
  bob = await signIn(server, 'Bob');
  peers.push(ada, bob);
});
afterAll(async () => {
  for (const p of peers) p.close();
  await server?.close();
});

async function call<T = Record<string, unknown>>(method: string, path: string, cookie: string | null, body?: unknown): Promise<{ status: number; body: T & { ok: boolean; error?: string } }> {
  const res = await fetch(`${server.url}${path}`, {
    method,
    headers: { ...(cookie ? { cookie } : {}), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as T & { ok: boolean; error?: string } };
}

/** Every admin route, with a body an admin would have accepted. */
const ADMIN_ROUTES: Array<[string, string, () => unknown]> = [
  ['GET', '/api/admin/team', () => undefined],
  ['POST', '/api/admin/team', () => ({ email: 'mallory@shop.test', name: 'Mallory', role: 'admin' })],
  ['POST', '/api/admin/team/ID/invite', () => undefined],
  ['PATCH', '/api/admin/team/ID', () => ({ role: 'admin' })],
  ['DELETE', '/api/admin/team/ID', () => undefined],
  ['GET', '/api/admin/hours', () => undefined],
  ['PUT', '/api/admin/hours', () => ({ spec: 'mon 09:00-10:00', timeZone: 'UTC' })],
  ['POST', '/api/admin/visitors/export', () => ({ email: 'someone@example.com' })],
  ['POST', '/api/admin/visitors/erase', () => ({ email: 'someone@example.com' })],
];

/** A visitor who gave their e-mail (Parley('identify')) and asked for a person. */
async function identifiedVisitor(email: string): Promise<{ visitor: VisitorPeer; visitorId: string; conversationId: string }> {
  const handoff = await newHandoff(server);
  peers.push(handoff.visitor);
  expect(await handoff.visitor.emit('visitor:identify', { name: 'Vee', email })).toMatchObject({ ok: true });
  return { visitor: handoff.visitor, visitorId: handoff.visitorId, conversationId: handoff.conversationId };
}

describe('admin routes', () => {
  it.each(ADMIN_ROUTES)('%s %s: 403 forbidden for an agent, 401 without a session, and nothing changes', async (method, path, body) => {
    const route = path.replace('ID', ada.profile.id);
    const before = { team: (await server.store.listAgents()).map((a) => [a.id, a.role]), hours: await server.store.getSetting('business_hours') };
    expect(await call(method, route, bob.cookie, body())).toEqual({ status: 403, body: { ok: false, error: 'forbidden' } });
    expect(await call(method, route, null, body())).toEqual({ status: 401, body: { ok: false, error: 'unauthorized' } });
    expect({ team: (await server.store.listAgents()).map((a) => [a.id, a.role]), hours: await server.store.getSetting('business_hours') }).toEqual(before);
    expect(await server.store.findAgentByEmail('mallory@shop.test')).toBeNull();
    expect(bob.socket.connected).toBe(true);
  });

  it('lists the team with roles for an admin', async () => {
    const { body } = await call<{ members: TeamMember[] }>('GET', '/api/admin/team', ada.cookie);
    expect(body.members.filter((m) => ['Ada', 'Bob'].includes(m.name)).map((m) => [m.name, m.role, m.invited])).toEqual([
      ['Ada', 'admin', false],
      ['Bob', 'agent', false],
    ]);
  });
});

describe('invitations', () => {
  const invite = (email: string, role = 'agent') => call<{ member: TeamMember; invite: InviteLink }>('POST', '/api/admin/team', ada.cookie, { email, name: 'Cy Newcomer', role });
  const tokenOf = (link: InviteLink) => new URL(link.url).hash.replace('#invite=', '');

  it('creates the account and a one-time link the new agent opens to choose a password, signed in at once', async () => {
    const made = await invite('Cy@Shop.test');
    expect(made.status).toBe(200);
    expect(made.body.member).toMatchObject({ email: 'cy@shop.test', role: 'agent', invited: true });
    expect(made.body.invite.url).toMatch(new RegExp(`^${server.url}/agent#invite=[A-Za-z0-9_-]{40,}$`));
    expect(made.body.invite.expiresAt).toBeGreaterThan(Date.now() + 2 * 24 * 3600_000);
    const token = tokenOf(made.body.invite);
    // The token is kept only as its hash.
    expect(JSON.stringify(await server.store.findAgentByEmail('cy@shop.test'))).not.toContain(token);

    // No password yet: no sign-in, whatever is tried.
    expect((await call('POST', '/api/agent/login', null, { email: 'cy@shop.test', password: '' })).status).toBe(400);
    expect((await call('POST', '/api/agent/login', null, { email: 'cy@shop.test', password: 'anything at all' })).status).toBe(401);

    expect((await call<{ agent: { name: string } }>('POST', '/api/agent/invite', null, { token })).body.agent.name).toBe('Cy Newcomer');
    expect((await call('POST', '/api/agent/invite/accept', null, { token, password: 'short' })).status).toBe(400);
    const res = await fetch(`${server.url}/api/agent/invite/accept`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token, password: 'cy has a long password' }) });
    expect(res.status).toBe(200);
    const cookie = res.headers.getSetCookie()[0]!.split(';')[0]!;
    expect((await call<{ agent: { role: string } }>('GET', '/api/agent/me', cookie)).body.agent.role).toBe('agent');
    expect(await login(server.url, 'cy@shop.test', 'cy has a long password')).toMatch(/^parley_session=/);

    // One use only.
    expect(await call('POST', '/api/agent/invite', null, { token })).toEqual({ status: 404, body: { ok: false, error: 'not_found' } });
    expect((await call('POST', '/api/agent/invite/accept', null, { token, password: 'another long password' })).status).toBe(404);
    expect(await login(server.url, 'cy@shop.test', 'cy has a long password')).toMatch(/^parley_session=/);
    // A working account gets no new link (it would reset the password).
    expect((await call('POST', `/api/admin/team/${made.body.member.id}/invite`, ada.cookie)).status).toBe(409);
    expect((await invite('cy@shop.test')).status).toBe(409);
  });

  it('refuses an expired link, and a new link replaces the old one', async () => {
    const made = await invite('dee@shop.test', 'admin');
    expect(made.body.member.role).toBe('admin');
    const first = tokenOf(made.body.invite);
    const again = await call<{ invite: InviteLink }>('POST', `/api/admin/team/${made.body.member.id}/invite`, ada.cookie);
    const second = tokenOf(again.body.invite);
    expect((await call('POST', '/api/agent/invite', null, { token: first })).status).toBe(404);
    // Expired: as if its three days had passed.
    await server.store.createInvite({ tokenHash: hashToken(second), agentId: made.body.member.id, expiresAt: Date.now() - 1 });
    expect((await call('POST', '/api/agent/invite/accept', null, { token: second, password: 'dee has a long password' })).status).toBe(404);
    expect((await server.store.getAgent(made.body.member.id))?.passwordHash).toBe('');
  });
});

describe('roles and removal', () => {
  it('changes a role, but never leaves the team without an admin', async () => {
    const eve = await signIn(server, 'Eve');
    peers.push(eve);
    expect((await call<{ member: TeamMember }>('PATCH', `/api/admin/team/${eve.profile.id}`, ada.cookie, { role: 'admin' })).body.member.role).toBe('admin');
    // Eve's next admin request works without signing in again, and so does losing it.
    expect((await call('GET', '/api/admin/team', eve.cookie)).status).toBe(200);
    expect((await call('PATCH', `/api/admin/team/${eve.profile.id}`, ada.cookie, { role: 'agent' })).status).toBe(200);
    expect((await call('GET', '/api/admin/team', eve.cookie)).status).toBe(403);
    expect(await eve.emit('canned:save', { id: null, shortcut: 'x', text: 'x' })).toEqual({ ok: false, error: 'forbidden' });
    // The last admins (Ada, and Dee who was invited as one) cannot all step down.
    const dee = (await server.store.findAgentByEmail('dee@shop.test'))!;
    expect((await call('PATCH', `/api/admin/team/${dee.id}`, ada.cookie, { role: 'agent' })).status).toBe(200);
    expect(await call('PATCH', `/api/admin/team/${ada.profile.id}`, ada.cookie, { role: 'agent' })).toEqual({ status: 409, body: { ok: false, error: 'conflict' } });
    expect((await call('PATCH', '/api/admin/team/nobody', ada.cookie, { role: 'agent' })).status).toBe(404);
    expect((await call('PATCH', `/api/admin/team/${dee.id}`, ada.cookie, { role: 'owner' })).status).toBe(400);
  });

  it('removes an agent: every console of theirs disconnects at once, their next request is 401, their chat goes back to the queue', async () => {
    const fay = await signIn(server, 'Fay');
    peers.push(fay);
    const secondTab = await connectAgent(server.url, fay.cookie);
    peers.push(secondTab);
    const { conversationId } = await newHandoff(server);
    // Hers, whoever automatic assignment picked.
    const conv = (await server.store.getConversation(conversationId))!;
    await server.store.transition(conversationId, { from: [conv.status], to: 'assigned', actor: { kind: 'system', id: null }, reason: 'test', patch: { assignedAgentId: fay.profile.id } });
    const ended = [fay, secondTab].map(
      (peer: AgentPeer) => new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('still connected')), 2_000);
        peer.socket.once('disconnect', (reason) => (clearTimeout(timer), resolve(reason)));
      }),
    );

    expect(await call('DELETE', `/api/admin/team/${fay.profile.id}`, ada.cookie)).toEqual({ status: 200, body: { ok: true, requeued: 1 } });
    expect(await Promise.all(ended)).toEqual(['io server disconnect', 'io server disconnect']);
    // Other consoles' rosters stop offering them.
    await bob.events.next<{ id: string; online: boolean; status: string }>('agent:update', (a) => a.id === fay.profile.id && !a.online && a.status === 'away');
    expect((await call('GET', '/api/agent/me', fay.cookie)).status).toBe(401);
    await expect(connectAgent(server.url, fay.cookie)).rejects.toThrow('unauthorized');
    expect((await server.store.getConversation(conversationId))?.assignedAgentId).not.toBe(fay.profile.id);
    expect((await call<{ members: TeamMember[] }>('GET', '/api/admin/team', ada.cookie)).body.members.map((m) => m.name)).not.toContain('Fay');
    expect((await call('DELETE', `/api/admin/team/${fay.profile.id}`, ada.cookie)).status).toBe(404);
    // Not oneself.
    expect((await call('DELETE', `/api/admin/team/${ada.profile.id}`, ada.cookie)).status).toBe(409);
  });
});

describe('business hours', () => {
  it('are edited by an admin, shared with another node on the same database, and every console is told', async () => {
    const other = await startTestServer({ dataDir: server.dataDir, env: { PARLEY_NODE_ID: 'second-node' } });
    // Its start kept this process busy for seconds: let the keep-alive connections that timed out meanwhile
    // close before the next request picks one of them.
    await new Promise((r) => setTimeout(r, 200));
    try {
      const closedNow = await call<{ hours: HoursView }>('PUT', '/api/admin/hours', ada.cookie, { spec: 'sat 00:00-00:01', timeZone: 'Pacific/Kiritimati' });
      expect(closedNow.body.hours).toMatchObject({ spec: 'sat 00:00-00:01', timeZone: 'Pacific/Kiritimati', open: false });
      await bob.events.next<Parameters<AgentServerEvents['desk:settings']>[0]>('desk:settings', (s) => !s.open);
      // The other node follows within its refresh.
      const cookie = await login(other.url, ada.profile.email, 'a long password');
      const deadline = Date.now() + 10_000;
      let seen: HoursView | null = null;
      while (Date.now() < deadline) {
        const res = await fetch(`${other.url}/api/admin/hours`, { headers: { cookie } });
        seen = ((await res.json()) as { hours: HoursView }).hours;
        if (seen.spec === 'sat 00:00-00:01') break;
        await new Promise((r) => setTimeout(r, 250));
      }
      expect(seen).toMatchObject({ spec: 'sat 00:00-00:01', open: false });

      expect((await call('PUT', '/api/admin/hours', ada.cookie, { spec: 'someday 09:00-17:00', timeZone: 'UTC' })).status).toBe(400);
      expect((await call('PUT', '/api/admin/hours', ada.cookie, { spec: 'mon 09:00-17:00', timeZone: 'Mars/Olympus' })).status).toBe(400);
      expect((await call<{ hours: HoursView }>('GET', '/api/admin/hours', ada.cookie)).body.hours.spec).toBe('sat 00:00-00:01');
      const always = await call<{ hours: HoursView }>('PUT', '/api/admin/hours', ada.cookie, { spec: '', timeZone: 'UTC' });
      expect(always.body.hours).toMatchObject({ spec: null, open: true });
    } finally {
      await other.close();
    }
  });
});

describe("visitors' data", () => {
  it('exports everything about the visitors with an e-mail, then erases it and ends their widget', async () => {
    const { visitor, visitorId, conversationId } = await identifiedVisitor('Vee@Example.com');
    const bystander = await identifiedVisitor('other@example.com');
    await ok(ada.emit('note:add', { conversationId, text: 'asked twice' }));
    await ok(ada.emit('visitor:flag', { visitorId, label: 'vip' }));

    const exported = await call<{ data: VisitorExport }>('POST', '/api/admin/visitors/export', ada.cookie, { email: 'vee@example.com' });
    expect(exported.status).toBe(200);
    const data = exported.body.data;
    expect(data.visitors.map((v) => [v.id, v.email, v.flags.map((f) => f.label)])).toEqual([[visitorId, 'Vee@Example.com', ['vip']]]);
    expect(data.conversations.map((c) => c.id)).toEqual([conversationId]);
    expect(data.conversations[0]!.messages.some((m) => m.text.includes('real person'))).toBe(true);
    expect(data.conversations[0]!.notes.map((n) => n.text)).toEqual(['asked twice']);
    expect(data.conversations[0]!.events.length).toBeGreaterThan(0);
    expect(JSON.stringify(data)).not.toContain('other@example.com');

    const gone = new Promise<string>((resolve) => visitor.socket.once('disconnect', (reason) => resolve(reason)));
    const erased = await call<{ erased: Record<string, number> }>('POST', '/api/admin/visitors/erase', ada.cookie, { email: 'VEE@example.com' });
    expect(erased.body.erased).toMatchObject({ visitors: 1, conversations: 1, notes: 1, flags: 1 });
    expect(erased.body.erased.messages).toBeGreaterThan(1);
    expect(await gone).toBe('io server disconnect');
    expect(await server.store.getVisitor(visitorId)).toBeNull();
    expect(await server.store.getConversation(conversationId)).toBeNull();
    expect((await call<{ data: VisitorExport }>('POST', '/api/admin/visitors/export', ada.cookie, { email: 'vee@example.com' })).body.data.visitors).toEqual([]);
    expect(await server.store.getConversation(bystander.conversationId)).not.toBeNull();
    expect(bystander.visitor.socket.connected).toBe(true);
    // The desk goes on: consoles list what is left.
    expect((await ok(ada.emit<{ conversations: Array<{ id: string }> }>('queue:list', {}))).conversations.map((c) => c.id)).not.toContain(conversationId);

    // A widget of the erased visitor that comes back is a new visitor, with nothing of the old one.
    const back = await connectVisitor(server.url);
    peers.push(back);
    const hello = await back.hello(null);
    expect(hello.ok && hello.visitorId).not.toBe(visitorId);
  });
});
