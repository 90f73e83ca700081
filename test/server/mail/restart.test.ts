import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { NewMail } from '../../../server/store/store.ts';
import { startTestServer, type TestServer } from '../../support/server.ts';
import { recipients, startTestSmtp, type TestSmtp } from '../../support/smtp.ts';

// The server process stops with mail in its outbox — some sent, two in the middle of being sent (claimed by
// this node, not recorded): the next start on the same data sends the rest, and nothing twice.

let smtp: TestSmtp;
let dataDir: string;
const servers: TestServer[] = [];

beforeAll(async () => {
  smtp = await startTestSmtp();
  dataDir = mkdtempSync(join(tmpdir(), 'parley-mail-restart-'));
});
afterAll(async () => {
  for (const s of servers) await s.close();
  await smtp?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

const start = async () => {
  const server = await startTestServer({ dataDir, env: { PARLEY_SMTP_URL: smtp.url, PARLEY_MAIL_FROM: 'Shop <support@shop.test>' } });
  servers.push(server);
  return server;
};

const note = (i: number, notBefore?: number): NewMail => ({ conversationId: null, kind: 'left-message', recipient: `agent${i}@shop.test`, locale: 'en', payload: { visitor: 'Mei', question: `question ${i}` }, notBefore });

it('sends what a stopped server left in its outbox after the restart, each mail once', async () => {
  const first = await start();
  await first.store.enqueueMail([note(0), note(1), note(2)]);
  await smtp.waitFor(3);
  // Two more, taken by this node (PARLEY_NODE_ID test-node) a moment before it stops: in flight, not sent.
  const at = Date.now() + 100;
  await first.store.enqueueMail([note(3, at), note(4, at)]);
  expect(await first.store.claimMail({ node: 'test-node', now: at, leaseMs: 200, limit: 5 })).toHaveLength(2);
  await first.close();
  servers.splice(servers.indexOf(first), 1);
  expect(smtp.received).toHaveLength(3);

  const second = await start();
  await smtp.waitFor(5);
  for (let i = 0; i < 100 && (await second.store.countMail()).sent !== 5; i++) await new Promise((r) => setTimeout(r, 50));
  expect(await second.store.countMail()).toEqual({ sent: 5 });
  expect(smtp.received.map((m) => recipients(m)[0]).sort()).toEqual([0, 1, 2, 3, 4].map((i) => `agent${i}@shop.test`));
});
