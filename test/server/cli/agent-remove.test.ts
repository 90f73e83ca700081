import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { agentAdd } from '../../../server/cli/agent-add.ts';
import { agentRemove } from '../../../server/cli/agent-remove.ts';
import { loadConfig } from '../../../server/config.ts';
import { createSqliteStore } from '../../../server/store/sqlite.ts';
import { runCli } from '../../support/cli.ts';

const dataDir = mkdtempSync(join(tmpdir(), 'parley-agent-remove-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));
const config = loadConfig({ PARLEY_DATA_DIR: dataDir });

const remove = (args: string[]) => runCli((a, io) => agentRemove(a, io, config), args);
const add = (args: string[]) => runCli((a, io) => agentAdd(a, io, config), args);

describe('parley agent remove', () => {
  it('removes an account: signed out, not counted, its row kept for the history', async () => {
    expect((await add(['--email', 'ada@shop.test', '--password', 'a long password', '--name', 'Ada'])).code).toBe(0);
    const store = createSqliteStore({ file: config.dbFile });
    const ada = (await store.findAgentByEmail('ada@shop.test'))!;
    await store.createSession({ tokenHash: 'h', agentId: ada.id, expiresAt: Date.now() + 60_000 });
    await store.close();

    const r = await remove(['--email', 'ADA@shop.test']);
    expect(r).toMatchObject({ code: 0, err: '' });
    expect(r.out).toContain('Removed: agent Ada <ada@shop.test>');

    const after = createSqliteStore({ file: config.dbFile });
    expect(await after.findSession('h', Date.now())).toBeNull();
    expect(await after.countAgents()).toBe(0);
    expect((await after.getAgent(ada.id))?.name).toBe('Ada');
    await after.close();
  });

  it('says so when run twice, and refuses to re-add the e-mail of a removed account', async () => {
    expect((await remove(['--email', 'ada@shop.test'])).out).toContain('Already removed');
    const again = await add(['--email', 'ada@shop.test', '--password', 'a long password', '--name', 'Ada']);
    expect(again.code).toBe(1);
    expect(again.err).toContain('was removed');
  });

  it.each([
    [['--email', 'nobody@shop.test'], 'no agent with the e-mail nobody@shop.test'],
    [[], '--email'],
    [['--email', 'a@b.test', '--force'], 'force'],
  ])('refuses %j, naming %s', async (args, named) => {
    const r = await remove(args);
    expect(r.code).toBe(1);
    expect(r.err).toContain(named);
  });
});
