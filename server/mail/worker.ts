import type { Logger } from '../log.ts';
import type { MailRow, Store } from '../store/store.ts';
import { MailGoneError, MailNotNeeded, type MailComposer } from './compose.ts';
import { renderMail } from './templates.ts';
import { messageIdFor, type MailTransport } from './transport.ts';

export interface Backoff {
  /** The wait after the first failure; each further failure doubles it, up to `maxMs`. */
  baseMs: number;
  maxMs: number;
  /** Attempts before a row is 'failed' (the console shows it; an agent may retry it). */
  maxAttempts: number;
}

/** 30 s, 1, 2, 4 … min, at most an hour apart: eight tries over about four hours. */
export const DEFAULT_BACKOFF: Backoff = { baseMs: 30_000, maxMs: 60 * 60_000, maxAttempts: 8 };

export interface MailWorkerDeps {
  store: Store;
  transport: MailTransport;
  compose: MailComposer;
  from: string;
  /** Names this process's claims. */
  node: string;
  log: Logger;
  now?: () => number;
  /** How often the outbox is looked at when nothing wakes the worker (mail due later, other nodes' rows). */
  pollMs?: number;
  /** How long a claim lasts: a node that dies mid-send leaves its rows to others after this. */
  leaseMs?: number;
  backoff?: Backoff;
  /** A row given up on: the composition root tells the consoles. */
  onFailed?(row: MailRow): void;
}

export interface MailWorker {
  /** Look now (mail was just queued). */
  kick(): void;
  /** Sends what is due; resolves with how many rows it tried. */
  runOnce(): Promise<number>;
  /** Stops polling and waits for the send in progress. */
  stop(): Promise<void>;
}

/** Mail servers name the address in their errors; logs carry no addresses (the row keeps the whole answer for agents). */
const withoutAddresses = (s: string) => s.replace(/[^\s<>@"']+@[^\s<>@"']+/g, '[address]');

export const retryDelay = (attempts: number, b: Backoff) => Math.min(b.baseMs * 2 ** Math.max(0, attempts - 1), b.maxMs);

/** A 5xx answer (no such mailbox, refused): trying again will not help. */
const permanent = (err: unknown) => {
  const code = (err as { responseCode?: number }).responseCode;
  return err instanceof MailGoneError || (typeof code === 'number' && code >= 500 && code < 600);
};

/**
 * Sends the outbox. Rows are claimed (a conditional write in the store), sent one at a time, then marked
 * sent, or queued again with exponential backoff, or failed after the last attempt. A mail server that is
 * down only delays mail; nothing here runs on a chat's path (the desk only queues rows).
 */
export function startMailWorker(deps: MailWorkerDeps): MailWorker {
  const { store, transport, compose, from, node, log } = deps;
  const now = deps.now ?? Date.now;
  const backoff = deps.backoff ?? DEFAULT_BACKOFF;
  const leaseMs = deps.leaseMs ?? 5 * 60_000;
  let running: Promise<number> | null = null;
  let again = false;
  let stopped = false;

  async function sendOne(row: MailRow): Promise<void> {
    try {
      const rendered = renderMail(row.locale, await compose(row));
      await transport.send({ ...rendered, to: row.recipient, messageId: messageIdFor(row.id, from) });
      await store.finishMail(row.id, node, { sent: true }, now());
      log.info({ mailId: row.id, kind: row.kind, conversationId: row.conversationId }, 'mail sent');
    } catch (err) {
      if (err instanceof MailNotNeeded) {
        await store.finishMail(row.id, node, { cancelled: err.message }, now());
        log.info({ mailId: row.id, kind: row.kind, reason: err.message }, 'mail not needed any more');
        return;
      }
      const giveUp = permanent(err) || row.attempts >= backoff.maxAttempts;
      const error = (err instanceof Error ? err.message : String(err)).slice(0, 500);
      const retryAt = giveUp ? null : now() + retryDelay(row.attempts, backoff);
      await store.finishMail(row.id, node, { sent: false, error, retryAt }, now());
      if (giveUp) {
        log.error({ mailId: row.id, kind: row.kind, conversationId: row.conversationId, attempts: row.attempts, error: withoutAddresses(error) }, 'mail failed; given up');
        deps.onFailed?.({ ...row, status: 'failed', lastError: error });
      } else {
        log.warn({ mailId: row.id, kind: row.kind, attempts: row.attempts, retryAt, error: withoutAddresses(error) }, 'mail not sent; will retry');
      }
    }
  }

  // One row per claim: a claim's time then covers one send (timeouts well inside it), never a queue of
  // sends behind it, so a slow batch cannot outlive its claim and be sent again by another node.
  async function run(): Promise<number> {
    let tried = 0;
    while (!stopped) {
      const [row] = await store.claimMail({ node, now: now(), leaseMs, limit: 1 });
      if (!row) break;
      await sendOne(row);
      tried++;
    }
    return tried;
  }

  const runOnce = (): Promise<number> => {
    if (running) {
      again = true;
      return running;
    }
    running = run()
      .catch((err) => {
        log.error({ err }, 'mail outbox: could not read the outbox');
        return 0;
      })
      .finally(() => {
        running = null;
        if (again && !stopped) {
          again = false;
          void runOnce();
        }
      });
    return running;
  };

  const timer = setInterval(() => void runOnce(), deps.pollMs ?? 5_000);
  timer.unref();
  void runOnce();

  return {
    kick: () => void runOnce(),
    runOnce,
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
