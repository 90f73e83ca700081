import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:net';
import { createInterface } from 'node:readline';
import { createClient } from 'redis';
import { describe } from 'vitest';
import type { RedisClient } from '../../server/redis/connect.ts';

/** The Redis the tests may use (CI sets REDIS_URL); the product itself reads only PARLEY_REDIS_URL. */
export const REDIS_URL = process.env.REDIS_URL || undefined;

/** `describe`, or a skip that says why when there is no Redis to test against. */
export const describeWithRedis: typeof describe | typeof describe.skip = REDIS_URL ? describe : describe.skip;
export const NO_REDIS = REDIS_URL ? '' : ' (skipped: REDIS_URL is unset; set it to a Redis server, e.g. redis://127.0.0.1:6379)';

/** A key prefix of its own for one test: the Redis at REDIS_URL is shared by everyone's tests. */
export const uniquePrefix = (name: string) => `test-${name}-${randomUUID().slice(0, 8)}`;

/** A client of REDIS_URL connected on first use, for tests that use Redis-backed parts directly. */
export function sharedRedis() {
  let client: Promise<RedisClient> | null = null;
  return {
    url: REDIS_URL,
    client() {
      if (!client) {
        const c: RedisClient = createClient({ url: REDIS_URL });
        client = c.connect().then(() => c);
      }
      return client;
    },
    async close() {
      if (client) (await client).destroy();
    },
  };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

/**
 * A redis-server of this test's own on a free port, without persistence: a test that stops and restarts
 * Redis must not do it to the one everyone shares. `stop()` kills it (SIGKILL: an outage, not a shutdown);
 * `start()` starts it again, empty, on the same port.
 */
export async function startPrivateRedis() {
  const port = await freePort();
  let child: ChildProcess | null = null;
  const start = () =>
    new Promise<void>((resolve, reject) => {
      const proc = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: ['ignore', 'pipe', 'inherit'] });
      child = proc;
      // Never outlive the test process, whatever way it ends.
      const orphan = () => proc.kill('SIGKILL');
      process.once('exit', orphan);
      proc.once('exit', () => process.off('exit', orphan));
      proc.once('error', reject);
      proc.once('exit', (code) => reject(new Error(`redis-server exited with ${code} before it was ready`)));
      createInterface({ input: proc.stdout! }).on('line', (line) => {
        if (line.includes('Ready to accept connections')) resolve();
      });
    });
  const stop = () =>
    new Promise<void>((resolve) => {
      const proc = child;
      child = null;
      if (!proc || proc.exitCode !== null) return resolve();
      proc.once('exit', () => resolve());
      proc.kill('SIGKILL');
    });
  await start();
  return { url: `redis://127.0.0.1:${port}`, start, stop };
}
