import type Database from 'better-sqlite3';

/**
 * The trigram index of message text is filled behind the writes, in batches, not by a trigger in each
 * append. FTS5 writes a new index segment per transaction and merges segments as they pile up: measured on
 * this project's messages, indexing one row per transaction cost ~300 µs (most of an append), a batch of a
 * few hundred rows ~40 µs a row. The batches run on the connection that writes (a worker thread with its
 * own connection would hold the write lock, and better-sqlite3's writes on the event loop would sleep in
 * SQLite's busy handler meanwhile). messages_fts_indexed holds the last rowid indexed, committed with the
 * index rows, so a restart resumes where the last batch ended (message rowids only grow: messages are
 * never deleted). A search first indexes what is still pending, so it always sees every stored message.
 */
export interface SearchIndexer {
  /** Indexes every pending message now; returns how many. */
  catchUp(): number;
  stop(): void;
}

const EVERY_MS = 500;
/** One transaction's rows: a batch of long answers takes a few milliseconds of the event loop. */
const BATCH_ROWS = 200;

export function startSearchIndexer(db: Database.Database): SearchIndexer {
  const pending = db.prepare('SELECT rowid, text FROM messages WHERE rowid > (SELECT up_to FROM messages_fts_indexed) ORDER BY rowid LIMIT ?');
  const add = db.prepare('INSERT INTO messages_fts(rowid, text) VALUES (?, ?)');
  const mark = db.prepare('UPDATE messages_fts_indexed SET up_to = ?');
  const batch = db.transaction(() => {
    const rows = pending.all(BATCH_ROWS) as Array<{ rowid: number; text: string }>;
    for (const r of rows) add.run(r.rowid, r.text);
    if (rows.length > 0) mark.run(rows[rows.length - 1]!.rowid);
    return rows.length;
  });
  let stopped = false;
  // Between batches the event loop serves others; a timer tick that finds work still going starts none.
  let running = false;
  const drain = () => {
    try {
      if (!stopped && db.open && batch.immediate() === BATCH_ROWS) return void setImmediate(drain);
    } catch {
      // A failing file: the next tick (or the next search) tries again.
    }
    running = false;
  };
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    drain();
  }, EVERY_MS);
  timer.unref();
  return {
    catchUp() {
      let total = 0;
      for (let n = BATCH_ROWS; n === BATCH_ROWS; total += n) n = batch.immediate();
      return total;
    },
    stop() {
      stopped = true;
      clearInterval(timer);
    },
  };
}
