import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SESSION_COOKIE } from '../../../protocol/index.ts';
import { PRESENCE_TTL_MS } from '../../../server/desk/queue-watch.ts';
import { createAgent, startTestServer, type TestServer } from '../../support/server.ts';
import { connectAgent, login } from '../peers.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
  await createAgent(server, { email: 'ada@shop.test', password: 'a long password', name: 'Ada' });
});
afterAll(() => server?.close());

const online = async () => (await server.store.listAgentStates(Date.now() - PRESENCE_TTL_MS)).filter((a) => a.online).length;

describe('the agent namespace', () => {
  it.each([
    ['no cookie', null],
    ['a made-up session', `${SESSION_COOKIE}=${'x'.repeat(43)}`],
    ['a garbled cookie header', `${SESSION_COOKIE}=%E0%A4%A; other`],
  ])('refuses a connection with %s', async (_name, cookie) => {
    await expect(connectAgent(server.url, cookie)).rejects.toThrow('unauthorized');
  });

  it('accepts a signed-in agent, marks them online, and forgets them when they leave', async () => {
    const cookie = await login(server.url, 'ada@shop.test', 'a long password');
    const agent = await connectAgent(server.url, cookie);
    const list = await agent.emit<{ me: { name: string; status: string } }>('queue:list', {});
    expect(list.ok && list.me).toMatchObject({ name: 'Ada', status: 'available' });
    expect(await online()).toBe(1);
    agent.close();
    await expect.poll(online).toBe(0);
  });

  it('refuses the session after sign-out', async () => {
    const cookie = await login(server.url, 'ada@shop.test', 'a long password');
    await fetch(`${server.url}/api/agent/logout`, { method: 'POST', headers: { cookie } });
    await expect(connectAgent(server.url, cookie)).rejects.toThrow('unauthorized');
  });
});
