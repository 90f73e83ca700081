import type Database from 'better-sqlite3';

/**
 * The trigram index of message text is filled behind the writes, not by a trigger in each append: indexing a
 * long bot answer was a sizeable share of every message transaction on the event loop. messages_fts_indexed
 * holds the last message rowid indexed, committed with the index rows, so a restart resumes where the last
 * batch ended (message rowids only grow: messages are never deleted). The checkpoint worker indexes new rows
 * every second in small batches (each holds the write lock briefly, since the event loop's writes wait on
 * it); a search first indexes what is still pending, so it always sees every stored message.
 */
export const INDEX_BATCH_ROWS = 64;

export const INDEX_SQL = {
  pending: 'SELECT rowid, text FROM messages WHERE rowid > (SELECT up_to FROM messages_fts_indexed) ORDER BY rowid LIMIT ?',
  add: 'INSERT INTO messages_fts(rowid, text) VALUES (?, ?)',
  mark: 'UPDATE messages_fts_indexed SET up_to = ?',
};

/** Indexes the pending messages on this connection, one batch per transaction; returns how many it indexed. */
export function messageIndexer(db: Database.Database): () => number {
  const pending = db.prepare(INDEX_SQL.pending);
  const add = db.prepare(INDEX_SQL.add);
  const mark = db.prepare(INDEX_SQL.mark);
  const batch = db.transaction(() => {
    const rows = pending.all(INDEX_BATCH_ROWS) as Array<{ rowid: number; text: string }>;
    for (const r of rows) add.run(r.rowid, r.text);
    if (rows.length > 0) mark.run(rows[rows.length - 1]!.rowid);
    return rows.length;
  });
  return () => {
    let total = 0;
    for (;;) {
      const n = batch.immediate();
      total += n;
      if (n < INDEX_BATCH_ROWS) return total;
    }
  };
}
