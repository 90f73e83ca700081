import { setImmediate as yieldToEvents } from 'node:timers/promises';
import { logFailure, type Logger } from '../log.ts';
import { addErased, noneErased } from '../store/erased.ts';
import type { ErasedCounts, Store } from '../store/store.ts';

export const DAY_MS = 24 * 60 * 60 * 1000;
/** Conversations per transaction: a few milliseconds of the database each, then other work runs. */
export const RETENTION_BATCH = 100;
/** Visitors looked at per transaction when looking for ones with nothing left. */
export const VISITOR_SCAN = 500;

/**
 * One retention run: deletes conversations that are over and were last active more than `days` days
 * ago, with everything they hold, then visitors with nothing left who were not seen for as long. Batch
 * after batch, yielding to the event loop between them, so a large backlog neither blocks this node nor
 * holds the database. Several nodes may run it at once: each batch only deletes what is still there.
 */
export async function runRetention(store: Store, days: number, now: number, shouldStop: () => boolean = () => false): Promise<ErasedCounts> {
  const before = now - days * DAY_MS;
  const total = noneErased();
  for (;;) {
    if (shouldStop()) return total;
    const got = await store.purgeConversations({ before, limit: RETENTION_BATCH });
    addErased(total, got);
    if (got.conversations === 0) break;
    await yieldToEvents();
  }
  let after: string | null = null;
  do {
    if (shouldStop()) return total;
    const scan: Awaited<ReturnType<Store['purgeVisitors']>> = await store.purgeVisitors({ before, after, scan: VISITOR_SCAN });
    addErased(total, scan.erased);
    after = scan.next;
    await yieldToEvents();
  } while (after !== null);
  return total;
}

/** Runs retention at start and then once a day; `stop()` at shutdown (a run in progress ends after its batch). */
export function startRetention(opts: { store: Store; days: number; log: Logger; now?: () => number; everyMs?: number }): { stop(): Promise<void> } {
  const { store, days, log } = opts;
  const now = opts.now ?? Date.now;
  let stopped = false;
  let running: Promise<void> | null = null;
  const run = () => {
    if (running || stopped) return;
    running = runRetention(store, days, now(), () => stopped)
      .then((erased) => {
        if (erased.conversations + erased.visitors > 0) log.info({ days, ...erased }, 'retention: deleted old conversations');
      })
      .catch((err) => logFailure(log, err, { days }, 'retention run failed; trying again at the next one'))
      .finally(() => (running = null));
  };
  const first = setTimeout(run, 0);
  const timer = setInterval(run, opts.everyMs ?? DAY_MS);
  first.unref();
  timer.unref();
  return {
    async stop() {
      stopped = true;
      clearTimeout(first);
      clearInterval(timer);
      await running;
    },
  };
}
