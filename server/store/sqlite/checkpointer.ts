import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type Database from 'better-sqlite3';

/**
 * Moves WAL checkpoints off the event loop. SQLite's automatic checkpoint runs inside whichever commit
 * crosses 1000 pages and ends in fsync calls: measured on a small VM, two thirds of the time spent
 * appending messages, in stalls of 10–100 ms that hold every chat on the node. Here the connection's
 * automatic checkpoint is off and a worker thread with its own connection to the file runs a PASSIVE
 * checkpoint (never blocks the writer) every second. The worker starts on the first tick, so a store
 * opened for a moment (a CLI command, a test) never starts one; if it fails, automatic checkpoints return.
 */
export interface Checkpointer {
  /** Stops the worker and waits for it to close its connection (the caller then closes the last one). */
  close(): Promise<void>;
}

const EVERY_MS = 1000;
const AUTOMATIC_PAGES = 1000;

// The worker is CommonJS evaluated from this string, so the same code runs from the sources (tsx) and from
// the bundle; it loads better-sqlite3 by the absolute path resolved here.
const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file);
db.pragma('busy_timeout = 1000');
parentPort.on('message', (m) => {
  if (m === 'close') { db.close(); parentPort.close(); return; }
  try { db.pragma('wal_checkpoint(PASSIVE)'); } catch {}
});
`;

export function startCheckpointer(db: Database.Database, file: string): Checkpointer {
  db.pragma('wal_autocheckpoint = 0');
  let worker: Worker | null = null;
  let failed = false;
  const fallBack = () => {
    failed = true;
    if (db.open) db.pragma(`wal_autocheckpoint = ${AUTOMATIC_PAGES}`);
  };
  const timer = setInterval(() => {
    if (failed) return;
    if (!worker) {
      worker = new Worker(WORKER, { eval: true, workerData: { file, driver: createRequire(import.meta.url).resolve('better-sqlite3') } });
      worker.unref();
      worker.on('error', fallBack);
    }
    worker.postMessage('tick');
  }, EVERY_MS);
  timer.unref();
  return {
    close() {
      clearInterval(timer);
      const w = worker;
      if (!w || failed) return Promise.resolve();
      return new Promise<void>((resolve) => {
        // Referenced again: waiting for an unreferenced thread would let a stopping process end mid-close.
        w.ref();
        w.once('exit', () => resolve());
        w.postMessage('close');
      });
    },
  };
}
