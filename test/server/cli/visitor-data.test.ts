import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { visitorData } from '../../../server/cli/visitor-data.ts';
import { loadConfig, REPO_ROOT } from '../../../server/config.ts';
import type { VisitorExport } from '../../../server/privacy/visitor-data.ts';
import { createSqliteStore } from '../../../server/store/sqlite.ts';
import { runCli } from '../../support/cli.ts';

// `parley visitor export|delete --email E`: a merchant's answer to an access or erasure request.

const dataDir = mkdtempSync(join(tmpdir(), 'parley-visitor-cli-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));
const config = loadConfig({ PARLEY_DATA_DIR: dataDir });
const run = (action: 'export' | 'delete', args: string[]) => runCli((a, io) => visitorData(action, a, io, config), args);

let ids: { vee: string; conv: string; other: string };
beforeAll(async () => {
  const store = createSqliteStore({ file: config.dbFile });
  const agent = await store.createAgent({ email: 'ada@shop.test', name: 'Ada', passwordHash: 'x' });
  const seed = async (email: string, words: string) => {
    const v = await store.createVisitor();
    await store.updateVisitor(v.id, { email, name: 'Vee' });
    const { conversation } = await store.createConversation({ visitorId: v.id, locale: 'en', pageUrl: null, actor: { kind: 'visitor', id: v.id } });
    await store.appendMessage({ conversationId: conversation.id, author: 'visitor', senderId: v.id, authorName: null, text: words, clientId: null });
    await store.addNote({ conversationId: conversation.id, agentId: agent.id, text: `note on ${words}` });
    await store.setVisitorFlag({ visitorId: v.id, label: 'vip', agentId: agent.id, at: 1 });
    return { v, conversation };
  };
  const vee = await seed('vee@example.com', 'my order 1234 is late');
  const other = await seed('other@example.com', 'hello');
  ids = { vee: vee.v.id, conv: vee.conversation.id, other: other.v.id };
  await store.close();
});

describe('parley visitor export / delete', () => {
  it('exports everything about the visitors with an e-mail as JSON, whatever its case', async () => {
    const r = await run('export', ['--email', 'VEE@example.com']);
    expect(r).toMatchObject({ code: 0, err: '' });
    const data = JSON.parse(r.out) as VisitorExport;
    expect(data.email).toBe('vee@example.com');
    expect(data.visitors.map((v) => [v.id, v.flags.map((f) => f.label)])).toEqual([[ids.vee, ['vip']]]);
    expect(data.conversations.map((c) => [c.id, c.messages.map((m) => m.text), c.notes.map((n) => n.text), c.events.map((e) => e.to)])).toEqual([
      [ids.conv, ['my order 1234 is late'], ['note on my order 1234 is late'], ['bot']],
    ]);
    expect(r.out).not.toContain('other@example.com');
  });

  it('refuses a missing or malformed e-mail, clearly', async () => {
    expect(await run('export', [])).toMatchObject({ code: 1, err: expect.stringContaining('missing --email') });
    expect(await run('delete', ['--email', 'not-an-address'])).toMatchObject({ code: 1, err: expect.stringContaining('not a valid e-mail') });
  });

  it('deletes it all through the real command, says how much, and leaves everyone else', async () => {
    const { stdout } = await promisify(execFile)(process.execPath, [join(REPO_ROOT, 'bin/parley.mjs'), 'visitor', 'delete', '--email', 'vee@example.com'], {
      env: { ...process.env, PARLEY_DATA_DIR: dataDir },
      cwd: REPO_ROOT,
    });
    expect(stdout).toBe('Deleted everything about vee@example.com: 1 visitor, 1 conversation, 1 message, 1 event, 1 note, 1 flag.\n');
    const after = JSON.parse((await run('export', ['--email', 'vee@example.com'])).out) as VisitorExport;
    expect([after.visitors, after.conversations]).toEqual([[], []]);
    expect(await run('delete', ['--email', 'vee@example.com'])).toMatchObject({ code: 1, err: expect.stringContaining('no visitor with the e-mail vee@example.com') });
    const store = createSqliteStore({ file: config.dbFile });
    expect(await store.getVisitor(ids.other)).not.toBeNull();
    await store.close();
  });
});
