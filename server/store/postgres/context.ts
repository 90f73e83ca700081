import type pg from 'pg';

/** Runs one statement; rows come back with snake_case columns, times (bigint) as numbers. */
export type Query = <R = Record<string, unknown>>(sql: string, params?: unknown[]) => Promise<R[]>;

/** What each part of the PostgreSQL store shares: the pool, the clock and transactions. */
export interface PgContext {
  pool: pg.Pool;
  now: () => number;
  /** A statement on any pooled connection (autocommit). */
  query: Query;
  /**
   * A READ COMMITTED transaction on one connection: committed when `work` resolves, rolled back when it
   * throws. A deadlock or serialization failure (two nodes crossing) is retried a few times from the start.
   */
  tx<T>(work: (query: Query) => Promise<T>): Promise<T>;
}

const RETRYABLE = new Set(['40P01', '40001']);
const TX_TRIES = 3;

/** Distinct statement texts given names at most: a patch's columns make some texts vary, but only so much. */
const MAX_NAMED = 500;

/**
 * Statements with parameters go as named prepared statements: PostgreSQL parses and plans each text once
 * per connection instead of at every call. Sent unnamed, parse and bind (which plans) were 60% of the
 * database's time per visitor message (bench/load.ts with log_min_duration_statement = 0). A text whose
 * prepared form went stale — a migration by another node changed what `SELECT *` returns, which PostgreSQL
 * refuses as "cached plan must not change result type" — is sent unnamed from then on.
 */
function createStatementNames() {
  const names = new Map<string, string>();
  const stale = new Set<string>();
  return {
    config(sql: string, params?: unknown[]): pg.QueryConfig {
      if (!params?.length || stale.has(sql)) return { text: sql, values: params };
      let name = names.get(sql);
      if (name === undefined && names.size < MAX_NAMED) names.set(sql, (name = `parley_${names.size}`));
      return { name, text: sql, values: params };
    },
    /** True if `err` was a stale prepared form of `sql`: the caller may run it again, unnamed now. */
    forget(sql: string, err: unknown): boolean {
      if (pgCode(err) !== '0A000' || !names.has(sql)) return false;
      stale.add(sql);
      return true;
    },
  };
}

export function createPgContext(pool: pg.Pool, now: () => number): PgContext {
  const statements = createStatementNames();
  const query: Query = async (sql, params) => {
    try {
      return (await pool.query(statements.config(sql, params))).rows;
    } catch (err) {
      // Autocommit: nothing ran, so running it again unnamed is safe.
      if (statements.forget(sql, err)) return (await pool.query(sql, params)).rows;
      throw err;
    }
  };
  return {
    pool,
    now,
    query,
    async tx(work) {
      for (let attempt = 1; ; attempt++) {
        try {
          return await withConnection(pool, async (client, drop) => {
            await client.query('BEGIN');
            try {
              const result = await work(async (sql, params) => {
                try {
                  return (await client.query(statements.config(sql, params))).rows;
                } catch (err) {
                  // The transaction is aborted: the whole of it runs again, with this statement unnamed.
                  if (statements.forget(sql, err)) throw new StaleStatement(err);
                  throw err;
                }
              });
              await client.query('COMMIT');
              return result;
            } catch (err) {
              // A ROLLBACK that fails means the connection itself failed: it must not go back to the pool.
              await client.query('ROLLBACK').catch(drop);
              throw err;
            }
          });
        } catch (err) {
          if (attempt < TX_TRIES && (err instanceof StaleStatement || RETRYABLE.has(pgCode(err) ?? ''))) continue;
          if (err instanceof StaleStatement) throw err.cause;
          throw err;
        }
      }
    },
  };
}

/** A transaction's statement whose prepared form went stale: the transaction is worth one more try. */
class StaleStatement extends Error {
  constructor(override readonly cause: unknown) {
    super('a prepared statement went stale');
  }
}

/**
 * A pooled connection for `work`. A checked-out connection that breaks emits 'error' besides failing its
 * query; unheard, that event would be an uncaught exception. Heard — or when `work` calls `drop` — the
 * connection is destroyed on release instead of going back to the pool.
 */
export async function withConnection<T>(pool: pg.Pool, work: (client: pg.PoolClient, drop: (err: Error) => void) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  let broken: Error | undefined;
  const drop = (err: Error) => {
    broken ??= err;
  };
  client.on('error', drop);
  try {
    return await work(client, drop);
  } finally {
    client.removeListener('error', drop);
    client.release(broken);
  }
}

export const pgCode = (err: unknown): string | undefined => (err as { code?: string }).code;

/** A UNIQUE index refused the write; `index` narrows it to one constraint. */
export const isUniqueViolation = (err: unknown, index?: string) =>
  pgCode(err) === '23505' && (index === undefined || (err as { constraint?: string }).constraint === index);

/** `$1, $2 …` placeholders start after the parameters already used. */
export const markFrom = (used: number) => (n: number) => `$${used + n + 1}`;
