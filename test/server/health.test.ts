import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/server.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server?.close());

const get = async (path: string) => {
  const res = await fetch(`${server.url}${path}`);
  return { status: res.status, body: await res.json(), cache: res.headers.get('cache-control') };
};

describe('health probes', () => {
  it('/healthz is liveness and /readyz readiness: both ok on a working server', async () => {
    expect(await get('/healthz')).toEqual({ status: 200, body: { ok: true }, cache: 'no-store' });
    expect(await get('/readyz')).toEqual({ status: 200, body: { ok: true }, cache: 'no-store' });
  });

  it('/readyz says 503 and which part failed once the store cannot answer; /healthz still says the process is up', async () => {
    await server.store.close();
    expect(await get('/readyz')).toEqual({ status: 503, body: { ok: false, failed: ['store'] }, cache: 'no-store' });
    expect((await get('/healthz')).status).toBe(200);
  });
});
