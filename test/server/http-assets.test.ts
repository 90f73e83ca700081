import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../server/config.ts';
import { negotiateEncoding } from '../../server/http/assets.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

// Issue 12: the bytes each client asked for — brotli, gzip or plain — with caching a CDN and a browser can rely on.

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server?.close());

interface Raw {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

/** A request with exactly these headers (fetch would add its own Accept-Encoding and decode the body). */
function get(path: string, headers: Record<string, string> = {}, method = 'GET'): Promise<Raw> {
  return new Promise((resolve, reject) => {
    const req = request(`${server.url}${path}`, { method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}

const staticNames = (html: string) => [...html.matchAll(/\/static\/[\w./-]+/g)].map((m) => m[0]);

describe('compressed files, as each client asks', () => {
  it('sends brotli to a client that accepts it, gzip to one that accepts only gzip, and the plain file to one that names neither', async () => {
    const frame = (await get('/widget/frame?locale=en')).body.toString();
    const app = staticNames(frame).find((p) => /app-\w+\.js$/.test(p))!;
    const plain = await get(app);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body.subarray(0, 200).toString()).toMatch(/import|function|var|const/);

    for (const [accept, encoding, decode] of [
      ['gzip, deflate, br, zstd', 'br', brotliDecompressSync],
      ['gzip, deflate', 'gzip', gunzipSync],
      ['br;q=0, gzip;q=0.8', 'gzip', gunzipSync],
      ['*', 'br', brotliDecompressSync],
      ['deflate', undefined, (b: Buffer) => b],
      ['identity', undefined, (b: Buffer) => b],
    ] as const) {
      const res = await get(app, { 'accept-encoding': accept });
      expect(res.status, accept).toBe(200);
      expect(res.headers['content-encoding'], accept).toBe(encoding);
      expect(res.headers['vary']).toBe('Accept-Encoding');
      expect(res.headers['content-type']).toBe('text/javascript; charset=utf-8');
      expect(Number(res.headers['content-length']), accept).toBe(res.body.length);
      expect(decode(res.body).equals(plain.body), accept).toBe(true);
    }
  });

  it('caches hashed bundles for a year as immutable, and gives each encoding its own ETag', async () => {
    const frame = (await get('/widget/frame?locale=zh')).body.toString();
    const names = staticNames(frame);
    expect(names.some((p) => /strings-zh-\w+\.js$/.test(p))).toBe(true);
    for (const path of names) {
      const res = await get(path, { 'accept-encoding': 'br' });
      expect(res.status, path).toBe(200);
      expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    }
    const [br, gzip, plain] = await Promise.all(['br', 'gzip', 'identity'].map((e) => get(names[0]!, { 'accept-encoding': e })));
    expect(new Set([br!.headers.etag, gzip!.headers.etag, plain!.headers.etag]).size).toBe(3);
  });

  it('keeps the loader at its stable URL for five minutes, then revalidates it with a 304 and no body', async () => {
    const first = await get('/widget.js', { 'accept-encoding': 'gzip, br' });
    expect(first.headers['cache-control']).toBe('public, max-age=300');
    expect(first.headers['content-encoding']).toBe('br');
    const again = await get('/widget.js', { 'accept-encoding': 'gzip, br', 'if-none-match': String(first.headers.etag) });
    expect(again.status).toBe(304);
    expect(again.body.length).toBe(0);
    // The brotli ETag does not validate a gzip copy: that client gets the whole gzip file.
    const otherEncoding = await get('/widget.js', { 'accept-encoding': 'gzip', 'if-none-match': String(first.headers.etag) });
    expect(otherEncoding.status).toBe(200);
    expect(otherEncoding.headers['content-encoding']).toBe('gzip');
  });

  it('revalidates the frame and console pages on every load, so a new build is picked up at once', async () => {
    for (const path of ['/widget/frame?locale=en', '/agent']) {
      const res = await get(path, { 'accept-encoding': 'br' });
      expect(res.headers['cache-control'], path).toBe('no-cache');
      expect(res.headers['content-encoding']).toBe('br');
      const html = brotliDecompressSync(res.body).toString();
      for (const name of staticNames(html)) expect((await get(name)).status, `${path} names ${name}`).toBe(200);
      expect((await get(path, { 'accept-encoding': 'br', 'if-none-match': String(res.headers.etag) })).status).toBe(304);
    }
  });

  it('answers HEAD with the same headers and no body, and a Range request with the whole file', async () => {
    const full = await get('/widget.js', { 'accept-encoding': 'br' });
    const head = await get('/widget.js', { 'accept-encoding': 'br' }, 'HEAD');
    expect(head.status).toBe(200);
    expect(head.body.length).toBe(0);
    expect(head.headers['content-length']).toBe(full.headers['content-length']);
    expect(head.headers.etag).toBe(full.headers.etag);
    const ranged = await get('/widget.js', { 'accept-encoding': 'br', range: 'bytes=0-99' });
    expect(ranged.status).toBe(200);
    expect(ranged.headers['accept-ranges']).toBe('none');
    expect(ranged.body.equals(full.body)).toBe(true);
  });

  it('serves only the browser files the build listed: no unhashed name, no server bundle, and a 404 no cache may keep', async () => {
    for (const path of ['/static/widget/app.js', '/static/server.mjs', '/static/assets.json', '/static/widget/frame-en.html', '/static/widget.js', '/static/constructor', '/static/..%2fpackage.json']) {
      const res = await get(path);
      expect(res.status, path).toBe(404);
      expect(res.headers['cache-control'], path).toBe('no-store');
    }
  });

  it('sends the same bytes the build counted in its budgets', async () => {
    const figures = JSON.parse(readFileSync(`${REPO_ROOT}/dist/budgets.json`, 'utf8')) as { loader: number };
    expect((await get('/widget.js', { 'accept-encoding': 'br' })).body.length).toBe(figures.loader);
  });
});

describe('negotiateEncoding', () => {
  it.each([
    [undefined, 'identity'],
    ['', 'identity'],
    ['gzip, deflate, br', 'br'],
    ['br;q=0.5, gzip', 'gzip'],
    ['br;q=0', 'identity'],
    ['*;q=0', 'identity'],
    ['x-gzip', 'gzip'],
    ['GZIP;Q=1', 'gzip'],
    ['br;q=nonsense, gzip', 'gzip'],
  ])('%j -> %s', (header, expected) => {
    expect(negotiateEncoding(header)).toBe(expected);
  });
});
