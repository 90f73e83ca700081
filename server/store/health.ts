import type { Logger } from '../log.ts';
import { StorageError } from './storage-error.ts';
import type { Store } from './store.ts';

/** Node's socket errors, PostgreSQL's connection (08), shutdown (57P0x) and resource (53) classes, SQLite's disk errors. */
const UNREACHABLE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN', 'SQLITE_IOERR', 'SQLITE_FULL', 'SQLITE_CANTOPEN']);

/** Whether an error (or its cause) says the database cannot be reached, rather than that one statement is wrong. */
export function isUnreachable(err: unknown): boolean {
  for (let e: unknown = err, depth = 0; e instanceof Error && depth < 4; e = e.cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && (UNREACHABLE_CODES.has(code) || /^(08|57P0|53)/.test(code))) return true;
    // node-postgres reports a socket closed under it, or a pool that gave up connecting, by message only.
    if (/Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error/i.test(e.message)) return true;
  }
  return false;
}

export interface StoreHealth {
  /** The store, its failures reported here. */
  watch(store: Store): Store;
  /** A failure heard outside a call (a pooled connection dropped while idle). */
  failed(err: unknown): void;
}

/**
 * Logs a database outage once when it starts and once when it ends — not once per message while it lasts.
 * Other store failures (a statement that is wrong) are logged each time, as bugs. Either way the error is
 * marked as logged, so the transports only turn it into `internal`. Recovery needs nothing from here: the
 * next call that succeeds ends the outage.
 */
export function createStoreHealth(log: Logger, now: () => number = Date.now): StoreHealth {
  let down: { since: number; failures: number } | null = null;

  const report = (err: unknown, method: string | null) => {
    if (isUnreachable(err)) {
      if (down) down.failures++;
      else {
        down = { since: now(), failures: 1 };
        log.error({ err, method }, 'store unavailable');
      }
    } else if (method) log.error({ err, method }, 'store call failed');
    if (err instanceof StorageError) err.logged = true;
  };

  return {
    failed: (err) => report(err, null),
    watch(store) {
      const watched = {} as Record<string, unknown>;
      for (const key of Object.keys(store) as Array<keyof Store>) {
        const fn = store[key] as unknown;
        if (typeof fn !== 'function') continue;
        watched[key] = async (...args: unknown[]) => {
          try {
            const result = await (fn as (...a: unknown[]) => Promise<unknown>).apply(store, args);
            if (down) {
              log.warn({ downMs: now() - down.since, failedCalls: down.failures }, 'store is back');
              down = null;
            }
            return result;
          } catch (err) {
            // Only the store's own errors: anything else is a bug in the caller's arguments, logged where caught.
            if (err instanceof StorageError || isUnreachable(err)) report(err, key);
            throw err;
          }
        };
      }
      return watched as unknown as Store;
    },
  };
}
