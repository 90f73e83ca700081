import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../server/config.ts';
import { NO_AGENT_HINT, startParley } from '../../server/main.ts';
import { createAgent } from '../support/server.ts';

const dataDir = mkdtempSync(join(tmpdir(), 'parley-startup-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

async function start() {
  const lines: Array<{ level: number; msg: string }> = [];
  const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', PARLEY_DATA_DIR: dataDir, LOG_LEVEL: 'info' });
  const parley = await startParley(config, { logDestination: { write: (line: string) => void lines.push(JSON.parse(line)) } });
  return { parley, lines };
}

describe('starting on a fresh data directory', () => {
  it('says how to create the first agent, keeps its token secret across restarts, and stops saying it once one exists', async () => {
    const first = await start();
    const warning = first.lines.find((l) => l.msg === NO_AGENT_HINT);
    expect(warning?.level).toBe(40);
    expect(NO_AGENT_HINT).toContain('npx parley agent add --email');
    const secret = await first.parley.store.tokenSecret('x'.repeat(40));
    expect(secret).not.toBe('x'.repeat(40));
    await createAgent(first.parley, { email: 'ada@shop.test', password: 'a long password', name: 'Ada' });
    await first.parley.close();
    await first.parley.close(); // twice is fine

    const second = await start();
    expect(second.lines.some((l) => l.msg === NO_AGENT_HINT)).toBe(false);
    expect(await second.parley.store.tokenSecret('y'.repeat(40))).toBe(secret);
    await second.parley.close();
  });
});
