import pg from 'pg';
import { pgAgents } from './postgres/agents.ts';
import { pgAttachments } from './postgres/attachments.ts';
import { pgCanned } from './postgres/canned.ts';
import { createPgContext } from './postgres/context.ts';
import { pgConversations } from './postgres/conversations.ts';
import { pgMail } from './postgres/mail.ts';
import { pgErase } from './postgres/erase.ts';
import { pgBotTurns } from './postgres/bot-turns.ts';
import { pgMessages } from './postgres/messages.ts';
import { migratePg } from './postgres/migrations.ts';
import { pgNotes } from './postgres/notes.ts';
import { pgSettings } from './postgres/settings.ts';
import { pgVisitors } from './postgres/visitors.ts';
import { pgReports } from './postgres/reports.ts';
import { rethrowing } from './rethrowing.ts';
import { StorageError } from './storage-error.ts';
import type { Store } from './store.ts';

export interface PostgresStoreOptions {
  /** postgres://user:password@host:port/database (PARLEY_DATABASE_URL). */
  url: string;
  /** Clock for created/updated times; tests may pin it. */
  now?: () => number;
  /** A pooled connection PostgreSQL dropped while idle; the pool replaces it on next use. */
  onIdleError?: (err: Error) => void;
  /** Connections this process keeps at most. */
  maxConnections?: number;
}

// BIGINT (epoch milliseconds, COUNT(*)) as numbers, like SQLite's integers: they stay far below 2^53.
const BIGINT_OID = 20;
const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === BIGINT_OID ? (value: string) => Number(value) : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
};

/**
 * The store for several nodes: one PostgreSQL database, reached through a pool. Every method's statements
 * are committed before its promise resolves, as with SQLite. The pool survives the database going away:
 * a connection that breaks is dropped (its 'error' event handled, never an uncaught exception), calls fail
 * with a StorageError while it is unreachable — handlers answer `internal` — and the next call after it
 * is back opens a new connection by itself.
 *
 * Opening migrates the schema (under an advisory lock, so nodes starting together do not race) and throws
 * a StorageError naming the server when it cannot be reached.
 */
export async function createPostgresStore({ url, now = Date.now, onIdleError, maxConnections = 10 }: PostgresStoreOptions): Promise<Store> {
  const where = describeUrl(url);
  const pool = new pg.Pool({ connectionString: url, types, max: maxConnections, connectionTimeoutMillis: 5_000, idleTimeoutMillis: 30_000, keepAlive: true, keepAliveInitialDelayMillis: 10_000 });
  pool.on('error', (err) => onIdleError?.(err));
  try {
    await migratePg(pool);
  } catch (err) {
    await pool.end().catch(() => {});
    throw new StorageError(`the PostgreSQL database ${where} (PARLEY_DATABASE_URL) cannot be used (${reason(err)}): check that it runs, the URL, and the user's rights`);
  }

  const ctx = createPgContext(pool, now);
  const parts = rethrowing({
    ...pgVisitors(ctx),
    ...pgConversations(ctx),
    ...pgMessages(ctx),
    ...pgBotTurns(ctx),
    ...pgNotes(ctx),
    ...pgReports(ctx),
    ...pgCanned(ctx),
    ...pgAgents(ctx),
    ...pgSettings(ctx),
    ...pgMail(ctx),
    ...pgErase(ctx),
    ...pgAttachments(ctx),
  }, storageError(where));

  let closed = false;
  return {
    ...parts,
    ready: rethrowing({
      async ready() {
        await pool.query('SELECT 1 FROM conversations LIMIT 1');
      },
    }, storageError(where)).ready,
    // Shutdown clears this node's presence after other steps may have closed the pool: then it is a no-op.
    async clearPresence(node) {
      if (!closed) await parts.clearPresence(node);
    },
    async close() {
      if (closed) return;
      closed = true;
      await pool.end();
    },
  };
}

/** host:port/database, without the user and password. */
function describeUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.hostname}${u.port ? `:${u.port}` : ''}${u.pathname}`;
  } catch {
    return '(unparsable URL)';
  }
}

const reason = (err: unknown) => {
  const e = err as { code?: string; message?: string };
  return [e.code, e.message].filter(Boolean).join(': ') || String(err);
};

/** A driver error as a StorageError naming the database (the cause kept). */
const storageError = (where: string) => (err: unknown) => (err instanceof StorageError ? err : new StorageError(`PostgreSQL ${where}: ${reason(err)}`, { cause: err }));
