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

export function createPgContext(pool: pg.Pool, now: () => number): PgContext {
  const query: Query = async (sql, params) => (await pool.query(sql, params)).rows;
  return {
    pool,
    now,
    query,
    async tx(work) {
      for (let attempt = 1; ; attempt++) {
        const client = await pool.connect();
        let broken: Error | undefined;
        // A checked-out connection that breaks emits 'error' besides failing its query; unheard, that
        // event would be an uncaught exception. Heard, the connection is dropped on release.
        const onError = (err: Error) => {
          broken = err;
        };
        client.on('error', onError);
        try {
          await client.query('BEGIN');
          const result = await work(async (sql, params) => (await client.query(sql, params)).rows);
          await client.query('COMMIT');
          return result;
        } catch (err) {
          try {
            await client.query('ROLLBACK');
          } catch (rollbackErr) {
            // The connection itself failed: it must not go back to the pool.
            broken = rollbackErr as Error;
          }
          if (attempt < TX_TRIES && RETRYABLE.has(pgCode(err) ?? '')) continue;
          throw err;
        } finally {
          client.removeListener('error', onError);
          client.release(broken);
        }
      }
    },
  };
}

export const pgCode = (err: unknown): string | undefined => (err as { code?: string }).code;

/** A UNIQUE index refused the write; `index` narrows it to one constraint. */
export const isUniqueViolation = (err: unknown, index?: string) =>
  pgCode(err) === '23505' && (index === undefined || (err as { constraint?: string }).constraint === index);

/** `$1, $2 …` placeholders start after the parameters already used. */
export const markFrom = (used: number) => (n: number) => `$${used + n + 1}`;
