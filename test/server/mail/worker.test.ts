import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSignedLinks } from '../../../server/auth/signed-link.ts';
import { createMailComposer } from '../../../server/mail/compose.ts';
import { createMailLinks } from '../../../server/mail/links.ts';
import { createSmtpTransport } from '../../../server/mail/transport.ts';
import { startMailWorker, type MailWorker } from '../../../server/mail/worker.ts';
import { createSqliteStore } from '../../../server/store/sqlite.ts';
import type { MailRow, NewMail, Store } from '../../../server/store/store.ts';
import { recipients, startTestSmtp, type TestSmtp } from '../../support/smtp.ts';

// The outbox worker against a real SMTP server and a real SQLite file: a mail server that is down delays
// mail and loses none, a process that dies mid-send loses nothing and sends nothing twice.

const FROM = 'Shop <support@shop.test>';
const FAST = { baseMs: 30, maxMs: 120, maxAttempts: 100 };
const log = pino({ level: 'silent' });

let dir: string;
let smtp: TestSmtp;
const stores: Store[] = [];
const workers: MailWorker[] = [];
const closers: Array<() => void> = [];

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'parley-mail-'));
});
afterEach(async () => {
  for (const w of workers.splice(0)) await w.stop();
  for (const c of closers.splice(0)) c();
  for (const s of stores.splice(0)) await s.close();
  await smtp?.close();
  rmSync(dir, { recursive: true, force: true });
});

const openStore = () => {
  const store = createSqliteStore({ file: join(dir, 'parley.db') });
  stores.push(store);
  return store;
};

function worker(store: Store, node: string, opts: { backoff?: typeof FAST; onFailed?: (row: MailRow) => void; leaseMs?: number } = {}) {
  const transport = createSmtpTransport({ smtpUrl: smtp.url, from: FROM });
  closers.push(() => transport.close());
  const links = createMailLinks(createSignedLinks('s'.repeat(40)), 'https://chat.shop.test');
  const w = startMailWorker({ store, transport, compose: createMailComposer(store, links, Date.now), from: FROM, node, log, pollMs: 25, backoff: opts.backoff ?? FAST, leaseMs: opts.leaseMs, onFailed: opts.onFailed });
  workers.push(w);
  return w;
}

const note = (recipient: string, question: string): NewMail => ({ conversationId: null, kind: 'left-message', recipient, locale: 'en', payload: { visitor: 'Mei', question } });

async function until<T>(read: () => Promise<T>, ok: (v: T) => boolean, ms = 15_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await read();
    if (ok(v)) return v;
    if (Date.now() > deadline) throw new Error(`condition not met: ${JSON.stringify(v)}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe('the mail outbox worker', () => {
  it('sends a queued mail in plain text and HTML, with a Message-ID of its own', async () => {
    smtp = await startTestSmtp();
    const store = openStore();
    const [row] = await store.enqueueMail([note('ada@shop.test', 'Where is my parcel?')]);
    worker(store, 'n1');
    const mail = await smtp.find((m) => recipients(m).includes('ada@shop.test'));
    expect(mail.subject).toBe('A visitor left a message while nobody was online');
    expect(mail.text).toContain('> Where is my parcel?');
    expect(mail.html).toContain('<blockquote');
    expect(mail.messageId).toBe(`<${row!.id}@shop.test>`);
    await until(() => store.listMail({ limit: 5 }), (rows) => rows[0]?.status === 'sent');
  });

  it('keeps mail while the mail server is down, retrying with backoff, and delivers each once when it is back', async () => {
    smtp = await startTestSmtp();
    await smtp.down();
    const store = openStore();
    await store.enqueueMail([note('a@example.com', 'one'), note('b@example.com', 'two'), note('c@example.com', 'three')]);
    worker(store, 'n1');
    // Tried and failed, more than once each, and still queued: nothing lost, nothing given up.
    const waiting = await until(() => store.listMail({ limit: 10 }), (rows) => rows.every((r) => r.attempts >= 2));
    expect(waiting.every((r) => r.status === 'queued' || r.status === 'sending')).toBe(true);
    expect(waiting.some((r) => /ECONNREFUSED/.test(r.lastError ?? ''))).toBe(true);
    await smtp.up();
    await smtp.waitFor(3);
    await until(() => store.countMail(), (c) => c.sent === 3);
    await workers[0]!.runOnce();
    expect(smtp.received.map((m) => recipients(m)[0]).sort()).toEqual(['a@example.com', 'b@example.com', 'c@example.com']);
    expect(new Set(smtp.received.map((m) => m.messageId)).size).toBe(3);
  });

  it('loses nothing and sends nothing twice when a process dies mid-send and two others share the file', async () => {
    smtp = await startTestSmtp();
    const first = openStore();
    await first.enqueueMail(Array.from({ length: 8 }, (_, i) => note(`v${i}@example.com`, `question ${i}`)));
    // A node took two rows and died before sending them: its claim runs out, and the rows go to others.
    expect(await first.claimMail({ node: 'dead', now: Date.now(), leaseMs: 300, limit: 2 })).toHaveLength(2);
    await first.close();
    stores.splice(stores.indexOf(first), 1);
    const [a, b] = [openStore(), openStore()];
    worker(a, 'restarted');
    worker(b, 'other');
    await smtp.waitFor(8);
    await until(() => a.countMail(), (c) => c.sent === 8);
    // Both workers look again (past every claim's time): nothing more goes out.
    await new Promise((r) => setTimeout(r, 400));
    await Promise.all(workers.map((w) => w.runOnce()));
    expect(smtp.received.map((m) => recipients(m)[0]).sort()).toEqual(Array.from({ length: 8 }, (_, i) => `v${i}@example.com`).sort());
  });

  it('gives up on a mailbox the server refuses, and after the last attempt; a failed mail queued again is sent', async () => {
    smtp = await startTestSmtp({ refuse: (a) => a === 'nobody@example.com' });
    const store = openStore();
    const failed: MailRow[] = [];
    await store.enqueueMail([note('nobody@example.com', 'x')]);
    worker(store, 'n1', { backoff: { baseMs: 30, maxMs: 60, maxAttempts: 2 }, onFailed: (r) => failed.push(r) });
    const [refused] = await until(() => store.listMail({ status: ['failed'], limit: 5 }), (rows) => rows.length === 1);
    // A 550 is final: one attempt, not eight.
    expect(refused).toMatchObject({ attempts: 1, recipient: 'nobody@example.com' });
    expect(refused!.lastError).toMatch(/550/);
    expect(failed.map((r) => r.id)).toEqual([refused!.id]);

    await smtp.down();
    const [row] = await store.enqueueMail([note('later@example.com', 'y')]);
    workers[0]!.kick();
    await until(() => store.listMail({ status: ['failed'], limit: 5 }), (rows) => rows.some((r) => r.id === row!.id && r.attempts === 2));
    await smtp.up();
    expect(await store.retryMail(row!.id, Date.now())).toMatchObject({ status: 'queued', attempts: 0 });
    workers[0]!.kick();
    await smtp.find((m) => recipients(m).includes('later@example.com'));
  });

  it('cancels a rating request for a chat rated in the chat meanwhile: not sent, not a failure', async () => {
    smtp = await startTestSmtp();
    const store = openStore();
    const visitor = await store.createVisitor();
    const { conversation } = await store.createConversation({ visitorId: visitor.id, locale: 'en', pageUrl: null, actor: { kind: 'visitor', id: visitor.id } });
    const resolved = await store.transition(conversation.id, { from: ['bot'], to: 'resolved', actor: { kind: 'system', id: null }, reason: 'test', patch: { resolvedAt: 1_000 } });
    await store.enqueueMail([{ conversationId: conversation.id, kind: 'rating', recipient: 'rae@example.com', locale: 'en', payload: { resolvedAt: resolved!.resolvedAt } }]);
    await store.saveRating(conversation.id, 5, null);
    const failed: MailRow[] = [];
    worker(store, 'n1', { onFailed: (r) => failed.push(r) });
    const [row] = await until(() => store.listMail({ limit: 5 }), (rows) => rows[0]?.status === 'cancelled');
    expect(row!.lastError).toBe('rated in the chat');
    await workers[0]!.runOnce();
    expect([smtp.received, failed]).toEqual([[], []]);
  });
});
