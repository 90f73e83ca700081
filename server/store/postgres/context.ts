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
        try {
          return await withConnection(pool, async (client, drop) => {
            await client.query('BEGIN');
            try {
              const result = await work(async (sql, params) => (await client.query(sql, params)).rows);
              await client.query('COMMIT');
              return result;
            } catch (err) {
              // A ROLLBACK that fails means the connection itself failed: it must not go back to the pool.
              await client.query('ROLLBACK').catch(drop);
              throw err;
            }
          });
        } catch (err) {
          if (attempt < TX_TRIES && RETRYABLE.has(pgCode(err) ?? '')) continue;
          throw err;
        }
      }
    },
  };
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
