import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { VisitorConversation } from '../../../protocol/index.ts';
import { startNodeProcess } from '../../support/node-process.ts';
import { startTestServer, type TestServer } from '../../support/server.ts';
import { newHandoff, signIn } from '../desk-peers.ts';

// Presence lives in the store with a time-to-live, not in a process: when the node holding the only
// agent's console dies without a word, the other node notices by itself and the queue is not left waiting.

const dataDir = mkdtempSync(join(tmpdir(), 'parley-two-nodes-'));
let a: TestServer | undefined;
let b: ChildProcess | undefined;
afterAll(async () => {
  b?.kill('SIGKILL');
  await a?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

/** A second node: a real `parley serve` process on the same data directory. */
const startNode = (env: Record<string, string>) => startNodeProcess({ PARLEY_DATA_DIR: dataDir, ...env });

describe('a node that dies', () => {
  it("stops counting its agents' consoles within the time-to-live, and the waiting visitor is offered the form", async () => {
    const env = { PARLEY_MAX_CHATS: '1' };
    a = await startTestServer({ dataDir, env });
    const node = await startNode(env);
    b = node.child;

    // The only agent's console is on node B; the visitors are on node A.
    const ada = await signIn({ ...a, url: node.url }, 'Ada');
    const first = await newHandoff(a);
    expect(first.view.status).toBe('assigned');
    const waiting = await newHandoff(a);
    expect(waiting.view).toMatchObject({ status: 'queued', contactRequested: false });

    b.kill('SIGKILL');
    const offered = await waiting.visitor.events.next<VisitorConversation>('conversation:update', (c) => c.contactRequested, 45_000);
    expect(offered).toMatchObject({ id: waiting.conversationId, status: 'queued' });
    ada.close();
    first.visitor.close();
    waiting.visitor.close();
  }, 60_000);
});
