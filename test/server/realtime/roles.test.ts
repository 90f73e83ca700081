import { describe, expect, it } from 'vitest';
import type { AgentProfile, CannedResponse } from '../../../protocol/index.ts';
import { deskFixture, ok } from '../desk-peers.ts';

// Admins manage; agents work. Every admin event sent by an agent is refused with `forbidden`, changes
// nothing, and leaves the agent's console connected.

const desk = deskFixture({ agents: ['Ada', 'Bob'] });

/** Every console event only admins may send, with a payload that would succeed for an admin. */
const ADMIN_EVENTS: Array<[string, () => unknown]> = [
  ['canned:save', () => ({ id: null, shortcut: 'hello', text: 'Hello there' })],
  ['canned:delete', () => ({ id: 'any' })],
];

describe('roles on the console socket', () => {
  it('makes the first account an admin and shows each console its role', async () => {
    const me = async (cookie: string) => ((await (await fetch(`${desk.server.url}/api/agent/me`, { headers: { cookie } })).json()) as { agent: AgentProfile }).agent;
    expect((await me(desk.agent('Ada').cookie)).role).toBe('admin');
    expect((await me(desk.agent('Bob').cookie)).role).toBe('agent');
  });

  it.each(ADMIN_EVENTS)('refuses %s from an agent with forbidden, and keeps their console', async (event, payload) => {
    const bob = desk.agent('Bob');
    expect(await bob.emit(event, payload())).toEqual({ ok: false, error: 'forbidden' });
    expect(bob.socket.connected).toBe(true);
    expect((await bob.emit('queue:list', {})).ok).toBe(true);
  });

  it('lets agents use the saved replies admins keep', async () => {
    const [ada, bob] = [desk.agent('Ada'), desk.agent('Bob')];
    const saved = await ok(ada.emit<{ response: CannedResponse }>('canned:save', { id: null, shortcut: 'thanks', text: 'Thank you!' }));
    const listed = await ok(bob.emit<{ responses: CannedResponse[] }>('canned:list', {}));
    expect(listed.responses.map((r) => r.shortcut)).toContain('thanks');
    expect(await bob.emit('canned:save', { id: saved.response.id, shortcut: 'thanks', text: 'changed by an agent' })).toEqual({ ok: false, error: 'forbidden' });
    expect(await bob.emit('canned:delete', { id: saved.response.id })).toEqual({ ok: false, error: 'forbidden' });
    const after = await ok(bob.emit<{ responses: CannedResponse[] }>('canned:list', {}));
    expect(after.responses.find((r) => r.id === saved.response.id)?.text).toBe('Thank you!');
  });
});
