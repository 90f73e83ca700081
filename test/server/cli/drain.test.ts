import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { SendAck } from '../../../protocol/index.ts';
import { createSqliteStore } from '../../../server/store/sqlite.ts';
import { startNodeProcess } from '../../support/node-process.ts';
import { connectVisitor } from '../peers.ts';

// A node stopped by its orchestrator (SIGTERM) while visitors write: it stops accepting, the messages in
// flight are stored and acknowledged, the sockets close so that widgets reconnect (to another node), the
// store closes and the process exits 0. Every acknowledged message is in the store, exactly once.

const dataDir = mkdtempSync(join(tmpdir(), 'parley-drain-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

const VISITORS = 6;
/** Within the per-connection burst of 10, so no message is refused for its rate. */
const MESSAGES = 8;

describe('parley serve on SIGTERM', () => {
  it('drains: every acknowledged message is stored exactly once, sockets close for a reconnect, exit code 0', async () => {
    const node = await startNodeProcess({ PARLEY_DATA_DIR: dataDir });
    const { url, child, exited } = node;

    const visitors = await Promise.all(Array.from({ length: VISITORS }, () => connectVisitor(url)));
    const ids: string[] = [];
    for (const v of visitors) {
      const hello = await v.hello();
      if (!hello.ok) throw new Error(hello.error);
      ids.push(hello.visitorId);
    }
    const closedWith = visitors.map((v) => new Promise<string>((resolve) => v.socket.on('disconnect', (reason) => resolve(reason))));

    // Every visitor writes its numbered messages one after another; SIGTERM arrives after the first acks.
    const sent: Array<{ visitor: number; clientId: string; ack: SendAck | null }> = [];
    let firstAck: () => void;
    const someAcked = new Promise<void>((r) => (firstAck = r));
    const writing = visitors.map(async (v, n) => {
      for (let i = 0; i < MESSAGES; i++) {
        const clientId = randomUUID();
        const entry = { visitor: n, clientId, ack: null as SendAck | null };
        sent.push(entry);
        // No ack (the socket closed first) is what a widget resends after its reconnect.
        entry.ack = await v.send(`where is my parcel? message ${i}`, { clientId }).catch(() => null);
        firstAck();
        if (!v.socket.connected) return;
      }
    });
    await someAcked;
    child.kill('SIGTERM');
    await Promise.all(writing);

    expect(await exited).toBe(0);
    // A transport close, not a Socket.IO disconnect: socket.io-client reconnects only after the former.
    expect(await Promise.all(closedWith)).toEqual(Array(VISITORS).fill('transport close'));

    const acked = sent.filter((s) => s.ack?.ok);
    expect(acked.length).toBeGreaterThan(0);
    const store = createSqliteStore({ file: join(dataDir, 'parley.db') });
    try {
      for (const s of sent) {
        const row = await store.findMessageByClientId(ids[s.visitor]!, s.clientId);
        if (s.ack?.ok) expect(row?.id).toBe(s.ack.id);
        if (s.ack && !s.ack.ok) expect(row).toBeNull();
      }
      // Exactly once: each visitor's conversation holds each client id at most once.
      for (const id of ids) {
        const conv = await store.latestConversationForVisitor(id);
        if (!conv) continue;
        const clientIds = (await store.listMessages(conv.id, { limit: 1000 })).filter((m) => m.author === 'visitor').map((m) => m.clientId);
        expect(new Set(clientIds).size).toBe(clientIds.length);
      }
    } finally {
      await store.close();
    }
  }, 60_000);
});
