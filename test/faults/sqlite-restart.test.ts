import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createSqliteStore } from '../../server/store/sqlite.ts';
import { startNodeProcess, type NodeProcess } from '../support/node-process.ts';
import { resendingVisitor } from './resending-visitor.ts';

// One node on its SQLite file, killed without warning in the middle of a visitor's messages and started
// again: what was acknowledged survived, and the widget's resends store nothing twice.

const dataDir = mkdtempSync(join(tmpdir(), 'parley-kill-'));
const nodes: NodeProcess[] = [];
afterAll(async () => {
  await Promise.all(nodes.map((n) => n.stop('SIGKILL')));
  rmSync(dataDir, { recursive: true, force: true });
});

describe('a node on SQLite killed mid-conversation and restarted', () => {
  it('holds each of the visitor’s messages exactly once, in order', async () => {
    const env = { PARLEY_DATA_DIR: dataDir, PARLEY_NODE_ID: 'solo' };
    const first = await startNodeProcess(env);
    nodes.push(first);
    const visitor = resendingVisitor('order 4471');
    await visitor.connect(first.url);

    await visitor.writeWhileKilling(first, 16, 6);
    expect(first.child.signalCode).toBe('SIGKILL');
    expect(visitor.unacked).toBeGreaterThan(0);

    const second = await startNodeProcess(env);
    nodes.push(second);
    await visitor.connect(second.url);
    await visitor.resend();
    await visitor.write(4);
    expect(visitor.unacked).toBe(0);
    visitor.close();
    await second.stop();

    const store = createSqliteStore({ file: join(dataDir, 'parley.db') });
    try {
      const messages = await store.listMessages(visitor.conversationId!, { limit: 500 });
      expect(messages.filter((m) => m.author === 'visitor').map((m) => m.text)).toEqual(visitor.texts());
    } finally {
      await store.close();
    }
  }, 90_000);
});
