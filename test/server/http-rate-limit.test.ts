import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SESSION_COOKIE } from '../../protocol/index.ts';
import { createAgent, startTestServer, type TestServer } from '../support/server.ts';

// Sign-in limits: wrong passwords are counted per client address and per account. A full address bucket
// refuses wrong passwords but lets a right one in (one person's typos must not lock out the office behind
// the same address); a full account bucket refuses everyone, right password or not, from any address.

const PASSWORD = 'a long password';
/** Behind a proxy on this machine: X-Forwarded-For names the client. 198.51.100.0/24 is exempt. */
let proxied: TestServer;
/** No proxy configured: X-Forwarded-* headers are the client's word and are ignored. */
let direct: TestServer;

beforeAll(async () => {
  [proxied, direct] = await Promise.all([
    startTestServer({ env: { PARLEY_TRUST_PROXY: 'loopback', PARLEY_RATE_LIMIT_EXEMPT: '198.51.100.0/24' } }),
    startTestServer({ env: { PARLEY_RATE_LIMIT_EXEMPT: '' } }),
  ]);
  for (const server of [proxied, direct]) {
    for (const name of ['ada', 'bea', 'cy', 'dee']) await createAgent(server, { email: `${name}@shop.test`, password: PASSWORD, name });
  }
});
afterAll(async () => {
  await Promise.all([proxied?.close(), direct?.close()]);
});

const signIn = (server: TestServer, email: string, password: string, headers: Record<string, string> = {}) =>
  fetch(`${server.url}/api/agent/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ email, password }),
  });
const from = (address: string) => ({ 'x-forwarded-for': address });

/** Ten wrong passwords from one address, each for a different (unknown) account: only the address bucket fills. */
async function typos(server: TestServer, tag: string, headers: (i: number) => Record<string, string>) {
  for (let i = 0; i < 10; i++) expect((await signIn(server, `typo-${tag}-${i}@shop.test`, 'wrong', headers(i))).status).toBe(401);
}

/**
 * More wrong passwords until one gets 429 rate_limited. The buckets refill as time passes (an address one
 * token per 6 s), so on a slow machine the eleventh may still be let through; a few more must not be.
 */
async function limitedWithin(attempt: (i: number) => Promise<Response>, max = 4): Promise<void> {
  for (let i = 0; i < max; i++) {
    const res = await attempt(i);
    if (res.status === 429) return void expect(await res.json()).toEqual({ ok: false, error: 'rate_limited' });
    expect(res.status).toBe(401);
  }
  throw new Error(`no 429 within ${max} more attempts`);
}

describe('sign-in limits', () => {
  it('limit each client behind a trusted proxy on its own', async () => {
    await typos(proxied, 'a', () => from('203.0.113.1'));
    await limitedWithin((i) => signIn(proxied, `typo-a-more-${i}@shop.test`, 'wrong', from('203.0.113.1')));
    expect((await signIn(proxied, 'typo-b@shop.test', 'wrong', from('203.0.113.2'))).status).toBe(401);
  });

  it('let the right password through an address that only wrong passwords filled', async () => {
    await typos(proxied, 'c', () => from('203.0.113.3'));
    await limitedWithin((i) => signIn(proxied, `typo-c-more-${i}@shop.test`, 'wrong', from('203.0.113.3')));
    expect((await signIn(proxied, 'bea@shop.test', PASSWORD, from('203.0.113.3'))).status).toBe(200);
  });

  it('count by the connecting address when no proxy is trusted, whatever X-Forwarded-For claims', async () => {
    await typos(direct, 'd', (i) => from(`203.0.113.${i + 10}`));
    await limitedWithin((i) => signIn(direct, `typo-d-more-${i}@shop.test`, 'wrong', from(`203.0.113.${i + 90}`)));
    expect((await signIn(direct, 'bea@shop.test', PASSWORD)).status).toBe(200);
  });

  it('limit an account after ten wrong passwords from any addresses, even for the right password', async () => {
    for (let i = 0; i < 10; i++) expect((await signIn(proxied, 'cy@shop.test', `guess ${i}`, from(`192.0.2.${i + 1}`))).status).toBe(401);
    await limitedWithin((i) => signIn(proxied, 'cy@shop.test', `guess again ${i}`, from(`192.0.2.${i + 100}`)));
    const right = await signIn(proxied, 'cy@shop.test', PASSWORD, from('192.0.2.200'));
    expect(right.status).toBe(429);
    expect(await right.json()).toEqual({ ok: false, error: 'rate_limited' });
    // Other accounts are not affected.
    expect((await signIn(proxied, 'dee@shop.test', PASSWORD, from('192.0.2.200'))).status).toBe(200);
  });

  it('exempt the configured addresses from the per-address limit only', async () => {
    for (let i = 0; i < 15; i++) expect((await signIn(proxied, `typo-e-${i}@shop.test`, 'wrong', from('198.51.100.7'))).status).toBe(401);
    for (let i = 0; i < 10; i++) expect((await signIn(proxied, 'ada@shop.test', `guess ${i}`, from('198.51.100.7'))).status).toBe(401);
    await limitedWithin((i) => signIn(proxied, 'ada@shop.test', `guess again ${i}`, from('198.51.100.7')));
    expect((await signIn(proxied, 'ada@shop.test', PASSWORD, from('198.51.100.7'))).status).toBe(429);
  });
});

describe('the session cookie', () => {
  const cookieOf = (res: Response) => res.headers.getSetCookie().find((c) => c.startsWith(`${SESSION_COOKIE}=`))!;

  it('is Secure when HTTPS ends at a trusted proxy (X-Forwarded-Proto: https)', async () => {
    const res = await signIn(proxied, 'dee@shop.test', PASSWORD, { ...from('203.0.113.50'), 'x-forwarded-proto': 'https' });
    expect(res.status).toBe(200);
    expect(cookieOf(res)).toMatch(/;\s*Secure/i);
    const cookie = cookieOf(res).split(';')[0]!;
    const out = await fetch(`${proxied.url}/api/agent/logout`, { method: 'POST', headers: { cookie, 'x-forwarded-proto': 'https' } });
    expect(cookieOf(out)).toMatch(/;\s*Secure/i);
  });

  it('is not Secure over plain HTTP, nor when an untrusted client claims HTTPS', async () => {
    expect(cookieOf(await signIn(proxied, 'dee@shop.test', PASSWORD, from('203.0.113.51')))).not.toMatch(/Secure/i);
    expect(cookieOf(await signIn(direct, 'dee@shop.test', PASSWORD, { 'x-forwarded-proto': 'https' }))).not.toMatch(/Secure/i);
  });
});
