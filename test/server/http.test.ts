import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SESSION_COOKIE } from '../../protocol/index.ts';
import { createAgent, startTestServer, type TestServer } from '../support/server.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ env: { PARLEY_ALLOWED_ORIGINS: 'https://shop.example' } });
  await createAgent(server, { email: 'ada@shop.test', password: 'a long password', name: 'Ada' });
});
afterAll(() => server?.close());

const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${server.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });

describe('HTTP', () => {
  it('answers /healthz', async () => {
    const res = await fetch(`${server.url}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true });
  });

  it('serves the demo page with the exact tag a merchant pastes, pointing at this server', async () => {
    const res = await fetch(`${server.url}/`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain(`<script src="${server.url}/widget.js" async></script>`);
    expect(html).not.toContain('%PARLEY_URL%');
    const csp = res.headers.get('content-security-policy')!;
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("frame-ancestors 'self'");
    expect(res.headers.get('x-frame-options')).toBe('SAMEORIGIN');
  });

  it('serves the loader so any page may load it', async () => {
    const res = await fetch(`${server.url}/widget.js`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/javascript/);
    expect(res.headers.get('cross-origin-resource-policy')).toBe('cross-origin');
  });

  it('lets only the allowed merchant origins frame the chat page', async () => {
    const res = await fetch(`${server.url}/widget/frame?host=https%3A%2F%2Fshop.example&locale=en`);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('/static/widget/app.js');
    expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'self' https://shop.example");
    expect(res.headers.get('x-frame-options')).toBeNull();
  });

  it('serves the built bundles under /static', async () => {
    const res = await fetch(`${server.url}/static/widget/app.js`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/javascript/);
    expect((await fetch(`${server.url}/static/nope.js`)).status).toBe(404);
  });

  it('signs in with an httpOnly, SameSite=Lax cookie, knows who is signed in, and signs out', async () => {
    const res = await post('/api/agent/login', { email: 'ADA@shop.test ', password: 'a long password' });
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body).toEqual({ ok: true, agent: { id: expect.any(String), name: 'Ada', email: 'ada@shop.test', role: 'admin' } });
    const setCookie = res.headers.getSetCookie().find((c) => c.startsWith(`${SESSION_COOKIE}=`))!;
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Lax/i);
    expect(setCookie).toMatch(/Path=\//);
    const cookie = setCookie.split(';')[0]!;

    const me = await fetch(`${server.url}/api/agent/me`, { headers: { cookie } });
    expect(await me.json()).toEqual(body);

    expect(await (await post('/api/agent/logout', {}, { cookie })).json()).toEqual({ ok: true });
    const after = await fetch(`${server.url}/api/agent/me`, { headers: { cookie } });
    expect(after.status).toBe(401);
    expect(await after.json()).toEqual({ ok: false, error: 'unauthorized' });
  });

  it.each([
    ['a wrong password', { email: 'ada@shop.test', password: 'not the password' }],
    ['an unknown e-mail', { email: 'nobody@shop.test', password: 'a long password' }],
  ])('refuses %s with 401 unauthorized and no cookie', async (_name, body) => {
    const res = await post('/api/agent/login', body);
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ ok: false, error: 'unauthorized' });
    expect(res.headers.getSetCookie()).toEqual([]);
  });

  it.each([
    ['a body that is not JSON', '{"email":'],
    ['a missing password', { email: 'ada@shop.test' }],
    ['a bad e-mail', { email: 'ada', password: 'x' }],
    ['an array', [1, 2]],
  ])('answers %s with 400 invalid_payload', async (_name, body) => {
    const res = await post('/api/agent/login', body);
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ ok: false, error: 'invalid_payload' });
  });

  it('refuses a body over 16 KB with 413 too_large', async () => {
    const res = await post('/api/agent/login', { email: 'ada@shop.test', password: 'x'.repeat(20_000) });
    expect(res.status).toBe(413);
    expect(await res.json()).toEqual({ ok: false, error: 'too_large' });
  });

  it('answers unknown API routes with JSON 404', async () => {
    const res = await fetch(`${server.url}/api/nothing/here`);
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ ok: false, error: 'not_found' });
  });
});
