import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { agentAdd } from '../../../server/cli/agent-add.ts';
import { loadConfig, REPO_ROOT } from '../../../server/config.ts';
import { runCli } from '../../support/cli.ts';
import { createSqliteStore } from '../../../server/store/sqlite.ts';

const dataDir = mkdtempSync(join(tmpdir(), 'parley-agent-add-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));
const config = loadConfig({ PARLEY_DATA_DIR: dataDir });

const run = (args: string[]) => runCli((a, io) => agentAdd(a, io, config), args);

const PASSWORD = 'plain-text-never-stored-42';

describe('parley agent add', () => {
  it('creates an account whose password is stored only as a hash', async () => {
    const r = await run(['--email', 'Ada@Shop.test', '--password', PASSWORD, '--name', 'Ada Lovelace']);
    expect(r).toMatchObject({ code: 0, err: '' });
    expect(r.out).toContain('Ada Lovelace');

    const store = createSqliteStore({ file: config.dbFile });
    const agent = await store.findAgentByEmail('ada@shop.test');
    await store.close();
    expect(agent?.name).toBe('Ada Lovelace');
    expect(agent?.passwordHash).toMatch(/^scrypt\$/);
    // Every file the store wrote (the attachments folder beside the database holds none here).
    for (const file of readdirSync(dataDir, { withFileTypes: true }).filter((f) => f.isFile())) {
      expect(readFileSync(join(dataDir, file.name)).includes(PASSWORD), file.name).toBe(false);
    }
  });

  it('makes the first account an admin whatever --role says, later ones agents unless --role admin', async () => {
    const own = loadConfig({ PARLEY_DATA_DIR: mkdtempSync(join(tmpdir(), 'parley-agent-roles-')) });
    const add = (args: string[]) => runCli((a, io) => agentAdd(a, io, own), [...args, '--password', PASSWORD]);
    try {
      const first = await add(['--email', 'first@shop.test', '--name', 'First', '--role', 'agent']);
      expect(first.out).toContain('Created admin First <first@shop.test> (the first account is an admin)');
      expect((await add(['--email', 'plain@shop.test', '--name', 'Plain'])).out).toContain('Created agent Plain');
      expect((await add(['--email', 'boss@shop.test', '--name', 'Boss', '--role', 'admin'])).out).toContain('Created admin Boss');
      const wrong = await add(['--email', 'odd@shop.test', '--name', 'Odd', '--role', 'owner']);
      expect(wrong.code).toBe(1);
      expect(wrong.err).toContain('--role');

      const store = createSqliteStore({ file: own.dbFile });
      const roles = await Promise.all(['first', 'plain', 'boss', 'odd'].map(async (n) => (await store.findAgentByEmail(`${n}@shop.test`))?.role ?? null));
      await store.close();
      expect(roles).toEqual(['admin', 'agent', 'admin', null]);
    } finally {
      rmSync(own.dataDir, { recursive: true, force: true });
    }
  });

  it('refuses a second account with the same e-mail, clearly', async () => {
    const r = await run(['--email', 'ada@shop.test', '--password', 'another password', '--name', 'Someone Else']);
    expect(r.code).toBe(1);
    expect(r.err).toContain('already exists');
  });

  it.each([
    [['--email', 'a@b.test', '--password', 'long enough pw'], '--name'],
    [['--email', 'not-an-email', '--password', 'long enough pw', '--name', 'N'], '--email'],
    [['--email', 'a@b.test', '--password', 'short', '--name', 'N'], '--password'],
    [['--email', 'a@b.test', '--password', 'long enough pw', '--name', 'N', '--admin'], 'admin'],
  ])('refuses %j, naming %s', async (args, named) => {
    const r = await run(args);
    expect(r.code).toBe(1);
    expect(r.err).toContain(named);
  });

  it('runs as the real `parley` command', async () => {
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [join(REPO_ROOT, 'bin/parley.mjs'), 'agent', 'add', '--email', 'grace@shop.test', '--password', PASSWORD, '--name', 'Grace'],
      { env: { ...process.env, PARLEY_DATA_DIR: dataDir }, cwd: REPO_ROOT },
    );
    expect(stdout).toContain('Grace');
    const store = createSqliteStore({ file: config.dbFile });
    expect(await store.countAgents()).toBe(2);
    await store.close();
  });
});
