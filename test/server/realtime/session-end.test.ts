import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SESSION_COOKIE, type AgentState, type Alert } from '../../../protocol/index.ts';
import { hashToken } from '../../../server/auth/sessions.ts';
import { REPO_ROOT } from '../../../server/config.ts';
import { SESSION_SWEEP_MS } from '../../../server/realtime/session-end.ts';
import { startTestServer, type TestServer } from '../../support/server.ts';
import { newHandoff, ok, signIn } from '../desk-peers.ts';
import { connectAgent, login, type AgentPeer } from '../peers.ts';

// An agent socket lives only as long as its sign-in session: signing out, the session expiring, or the
// agent being removed (from a shell, by another process) ends it — at once where this node can tell, and
// within one session sweep where only the store knows.

let server: TestServer;
const open: AgentPeer[] = [];
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  for (const peer of open) peer.close();
  await server?.close();
});

const track = <T extends AgentPeer>(peer: T): T => (open.push(peer), peer);

/** Resolves with the reason once the server disconnects this socket; fails after `ms`. */
function disconnected(peer: AgentPeer, ms: number): Promise<string> {
  if (!peer.socket.connected) return Promise.resolve('already');
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`still connected after ${ms} ms`)), ms);
    peer.socket.once('disconnect', (reason) => {
      clearTimeout(timer);
      resolve(reason);
    });
  });
}

/** Sooner than the sweep could have done it: this node ended the socket itself. */
const AT_ONCE_MS = Math.min(2_000, SESSION_SWEEP_MS / 2);
/** The sweep's interval and some slack for a busy machine. */
const SWEEP_MS = SESSION_SWEEP_MS * 2 + 2_000;

describe('an agent socket ends with its session', () => {
  it('on sign-out: every socket of that session disconnects at once; another session of the agent stays', async () => {
    const ada = track(await signIn(server, 'Ada'));
    const secondTab = track(await connectAgent(server.url, ada.cookie));
    const otherDevice = track(await connectAgent(server.url, await login(server.url, ada.profile.email, 'a long password')));
    await ok(secondTab.emit('queue:list', {}));

    const ends = [disconnected(ada, AT_ONCE_MS), disconnected(secondTab, AT_ONCE_MS)];
    const res = await fetch(`${server.url}/api/agent/logout`, { method: 'POST', headers: { cookie: ada.cookie } });
    expect(res.status).toBe(200);
    expect(await Promise.all(ends)).toEqual(['io server disconnect', 'io server disconnect']);
    await ok(otherDevice.emit('queue:list', {}));
  });

  it('on expiry: the next event is refused with unauthorized and the socket ends; an idle one ends at the sweep', async () => {
    const bea = track(await signIn(server, 'Bea'));
    const token = randomBytes(32).toString('base64url');
    const expiresAt = Date.now() + 1_500;
    await server.store.createSession({ tokenHash: hashToken(token), agentId: bea.profile.id, expiresAt });
    const cookie = `${SESSION_COOKIE}=${token}`;
    const busy = track(await connectAgent(server.url, cookie));
    const idle = track(await connectAgent(server.url, cookie));
    await ok(busy.emit('queue:list', {}));

    await new Promise((r) => setTimeout(r, expiresAt - Date.now() + 50));
    const ended = disconnected(busy, AT_ONCE_MS);
    expect(await busy.emit('conversations:page', { view: 'bot', cursor: null })).toEqual({ ok: false, error: 'unauthorized' });
    expect(await ended).toBe('io server disconnect');
    expect(await disconnected(idle, SWEEP_MS)).toBe('io server disconnect');
    // The agent's own, unexpired session is untouched.
    await ok(bea.emit('queue:list', {}));
  });

  it('when the agent is removed by `parley agent remove` in another process', async () => {
    const cy = track(await signIn(server, 'Cy'));
    const idle = track(await connectAgent(server.url, cy.cookie));
    // Cy is the only one available (the agents above are signed out or away): the handoff goes to Cy.
    for (const a of await server.store.listAgentStates(0)) if (a.id !== cy.profile.id) await server.store.setAgentStatus(a.id, 'away');
    const handoff = await newHandoff(server);
    expect(handoff.view.agentName).toBe('Cy');
    const dee = track(await signIn(server, 'Dee'));

    const { stdout } = await promisify(execFile)(process.execPath, [join(REPO_ROOT, 'bin/parley.mjs'), 'agent', 'remove', '--email', cy.profile.email], {
      env: { ...process.env, PARLEY_DATA_DIR: server.dataDir, LOG_LEVEL: 'silent' },
      cwd: REPO_ROOT,
    });
    expect(stdout).toContain('Removed: agent Cy');
    expect(stdout).toContain('1 conversation went back to the queue');

    // This node was not told: its next event finds out, and the sweep ends the idle console.
    const ended = disconnected(cy, AT_ONCE_MS);
    expect(await cy.emit('queue:list', {})).toEqual({ ok: false, error: 'unauthorized' });
    expect(await ended).toBe('io server disconnect');
    expect(await disconnected(idle, SWEEP_MS)).toBe('io server disconnect');

    // Gone from the roster, cannot sign in, and the chat went on to someone who can answer.
    const roster = await ok(dee.emit<{ agents: AgentState[] }>('queue:list', {}));
    expect(roster.agents.map((a) => a.name)).not.toContain('Cy');
    expect((await fetch(`${server.url}/api/agent/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: cy.profile.email, password: 'a long password' }),
    })).status).toBe(401);
    const alert = await dee.events.next<Alert>('alert', (a) => a.conversation.id === handoff.conversationId, SWEEP_MS);
    expect(alert.conversation.assignedAgent?.name).toBe('Dee');
    handoff.visitor.close();
  });
});
