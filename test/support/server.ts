import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AgentProfile, AgentRole } from '../../protocol/index.ts';
import { addAgent } from '../../server/auth/agents.ts';
import { loadConfig } from '../../server/config.ts';
import { startParley, type StartOptions } from '../../server/main.ts';
import type { Store } from '../../server/store/store.ts';

export interface TestServer {
  url: string;
  store: Store;
  dataDir: string;
  close(): Promise<void>;
}

/**
 * The real server on 127.0.0.1 port 0: real SQLite in a temp directory (or `dataDir`, to restart on the
 * same data), the shipped intents. Logs are silent unless LOG_LEVEL is set. A temp directory made here is
 * removed on close; one passed in is left for the caller. `logDestination` receives the log lines (with
 * LOG_LEVEL in `env`), for a test that reads them.
 */
export async function startTestServer(
  opts: { dataDir?: string; env?: Record<string, string>; logDestination?: StartOptions['logDestination'] } = {},
): Promise<TestServer> {
  const owned = !opts.dataDir;
  const dataDir = opts.dataDir ?? mkdtempSync(join(tmpdir(), 'parley-test-'));
  const config = loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    PARLEY_DATA_DIR: dataDir,
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'silent',
    PARLEY_NODE_ID: 'test-node',
    // Every test client is this machine: per-address limits would make tests depend on how many
    // visitors earlier cases created. The tests of those limits set their own.
    PARLEY_RATE_LIMIT_EXEMPT: 'loopback',
    // Tests share a busy machine and start servers in one process (the bot trains for seconds): a late event
    // loop must not turn a test's message away. The test of shedding sets its own limits.
    PARLEY_MAX_LAG_MS: '0',
    ...opts.env,
  });
  const parley = await startParley(config, { logDestination: opts.logDestination });
  return {
    url: parley.url,
    store: parley.store,
    dataDir,
    async close() {
      await parley.close();
      if (owned) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Adds an agent account through the same code `parley agent add` uses (the first one is an admin). */
export function createAgent(server: { store: Store }, input: { email: string; password: string; name: string; role?: AgentRole }): Promise<AgentProfile> {
  return addAgent(server.store, input);
}
