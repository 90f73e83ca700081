import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { StartOptions } from '../../server/main.ts';
import { uniquePrefix } from './redis.ts';
import { startTestServer, type TestServer } from './server.ts';

/**
 * Nodes of one install in this process: one SQLite data directory (the store they share), one Redis under
 * a key prefix of their own (`PARLEY_REDIS_PREFIX`, so tests sharing a Redis keep apart), a node id each.
 * `logs[i]` receives node i's log lines (with LOG_LEVEL in `env`).
 */
export async function startNodes(
  count: number,
  opts: { redisUrl: string; name: string; env?: Record<string, string>; logs?: Array<StartOptions['logDestination']> },
): Promise<{ nodes: TestServer[]; close(): Promise<void> }> {
  const dataDir = mkdtempSync(join(tmpdir(), `parley-${opts.name}-`));
  const prefix = uniquePrefix(opts.name);
  const nodes: TestServer[] = [];
  const close = async () => {
    await Promise.all(nodes.map((n) => n.close()));
    rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    for (let i = 0; i < count; i++) {
      const env = { PARLEY_REDIS_URL: opts.redisUrl, PARLEY_REDIS_PREFIX: prefix, PARLEY_NODE_ID: `${opts.name}-${i}`, ...opts.env };
      nodes.push(await startTestServer({ dataDir, env, logDestination: opts.logs?.[i] }));
    }
  } catch (err) {
    await close();
    throw err;
  }
  return { nodes, close };
}
