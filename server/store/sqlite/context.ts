import type Database from 'better-sqlite3';

/** What each part of the SQLite store shares: the connection, the clock and a statement cache. */
export interface SqliteContext {
  db: Database.Database;
  now: () => number;
  /**
   * Statements whose text depends on the call (IN lists, patched columns) are prepared on first use of
   * each shape and kept: the number of shapes is small and fixed by the code, not by the data.
   */
  prepared(sql: string): Database.Statement;
  /** "?, ?, ?" for an IN list of n values. */
  marks(n: number): string;
}

export function createSqliteContext(db: Database.Database, now: () => number): SqliteContext {
  const shaped = new Map<string, Database.Statement>();
  return {
    db,
    now,
    prepared(sql) {
      let stmt = shaped.get(sql);
      if (!stmt) {
        stmt = db.prepare(sql);
        shaped.set(sql, stmt);
      }
      return stmt;
    },
    marks: (n) => Array.from({ length: n }, () => '?').join(', '),
  };
}

/** A UNIQUE index refused the write: callers that expect a race turn it into their "no" answer. */
export const isUniqueViolation = (err: unknown) => (err as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE';
