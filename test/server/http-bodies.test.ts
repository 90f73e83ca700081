import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../server/config.ts';
import { startParley, type Parley } from '../../server/main.ts';

// Bodies a client garbles: the answer is the client's fault (4xx from the closed list), and the log says
// so at debug level, not as a server error with a stack trace.

const dataDir = mkdtempSync(join(tmpdir(), 'parley-bodies-'));
const lines: Array<{ level: number; msg: string }> = [];
let parley: Parley;
beforeAll(async () => {
  const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', PARLEY_DATA_DIR: dataDir, LOG_LEVEL: 'debug', PARLEY_NODE_ID: 'test-node' });
  parley = await startParley(config, { logDestination: { write: (line: string) => void lines.push(JSON.parse(line)) } });
});
afterAll(async () => {
  await parley?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

const login = (body: Buffer, encoding: string) =>
  fetch(`${parley.url}/api/agent/login`, { method: 'POST', headers: { 'content-type': 'application/json', 'content-encoding': encoding }, body: new Uint8Array(body) });

describe('request bodies', () => {
  it.each(['gzip', 'deflate', 'br'])('answers a corrupt %s body with 400 invalid_payload, logged at debug', async (encoding) => {
    const before = lines.length;
    const res = await login(Buffer.from('this is not compressed at all, just bytes \x00\x01\x02'), encoding);
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ ok: false, error: 'invalid_payload' });
    const logged = lines.slice(before);
    expect(logged.filter((l) => l.level >= 50)).toEqual([]);
    expect(logged.some((l) => l.level === 20 && l.msg === 'request refused')).toBe(true);
  });

  it('stops inflating at the body limit: a small compressed body that expands past 16 KB is 413 too_large', async () => {
    const bomb = JSON.stringify({ email: 'a@b.test', password: 'x'.repeat(5_000_000) });
    for (const [encoding, body] of [['gzip', gzipSync(bomb)], ['br', brotliCompressSync(bomb)]] as const) {
      expect(body.length).toBeLessThan(16 * 1024);
      const res = await login(body, encoding);
      expect(res.status).toBe(413);
      expect(await res.json()).toEqual({ ok: false, error: 'too_large' });
    }
  });

  it('still reads a well-formed compressed body', async () => {
    const res = await login(gzipSync(JSON.stringify({ email: 'nobody@shop.test', password: 'wrong password' })), 'gzip');
    expect(res.status).toBe(401);
  });
});
