import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { makeDirs } from './data-dir.ts';
import { sqliteAgents } from './sqlite/agents.ts';
import { attachmentDir } from './sqlite/attachment-files.ts';
import { sqliteAttachments } from './sqlite/attachments.ts';
import { sqliteBotTurns } from './sqlite/bot-turns.ts';
import { sqliteCanned } from './sqlite/canned.ts';
import { sqliteMail } from './sqlite/mail.ts';
import { startCheckpointer } from './sqlite/checkpointer.ts';
import { createSqliteContext } from './sqlite/context.ts';
import { sqliteErase } from './sqlite/erase.ts';
import { sqliteConversations } from './sqlite/conversations.ts';
import { sqliteMessages } from './sqlite/messages.ts';
import { migrate } from './sqlite/migrations.ts';
import { sqliteNotes } from './sqlite/notes.ts';
import { startSearchIndexer } from './sqlite/search-index.ts';
import { sqliteSettings } from './sqlite/settings.ts';
import { sqliteVisitors } from './sqlite/visitors.ts';
import { sqliteReports } from './sqlite/reports.ts';
import { rethrowing } from './rethrowing.ts';
import { StorageError } from './storage-error.ts';
import type { Store } from './store.ts';

export interface SqliteStoreOptions {
  file: string;
  /** Clock for created/updated times; tests may pin it. */
  now?: () => number;
}

/**
 * The embedded store: one SQLite file, WAL so readers never wait for the writer. better-sqlite3 is
 * synchronous, so each method finishes its transaction before its promise resolves: an acknowledgement
 * sent after `await store.appendMessage(…)` means the row is committed.
 *
 * Opening checks the file (SQLite's quick_check reads every page once) and throws a StorageError naming
 * it: a damaged file is refused at start, not discovered by the first visitor whose chat touches it.
 */
export function createSqliteStore({ file, now = Date.now }: SqliteStoreOptions): Store {
  const db = open(file);
  const ctx = createSqliteContext(db, now);
  const searchIndex = startSearchIndexer(db);
  const parts = rethrowing({
    ...sqliteVisitors(ctx),
    ...sqliteConversations(ctx),
    ...sqliteMessages(ctx, searchIndex),
    ...sqliteBotTurns(ctx),
    ...sqliteNotes(ctx),
    ...sqliteReports(ctx),
    ...sqliteCanned(ctx),
    ...sqliteAgents(ctx),
    ...sqliteSettings(ctx),
    ...sqliteMail(ctx),
    ...sqliteErase(ctx),
    ...sqliteAttachments(ctx),
  }, (err) => withFile(err, file));
  const probe = db.prepare('SELECT 1 FROM conversations LIMIT 1');
  const checkpointer = startCheckpointer(db, file);
  // Files of rows deleted since (a conversation deleted, by this process or another on the file) go soon. A
  // failing sweep (a file that cannot be removed now) leaves its tombstones for the next one.
  const sweepQuietly = () => void parts.sweepAttachmentFiles().catch(() => {});
  sweepQuietly();
  const sweeper = setInterval(sweepQuietly, SWEEP_EVERY_MS);
  sweeper.unref();

  let closed = false;
  return {
    ...parts,
    async ready() {
      try {
        probe.get();
      } catch (err) {
        throw withFile(err, file);
      }
    },
    // Shutdown clears this node's presence after other steps may have closed the file: then it is a no-op.
    async clearPresence(node) {
      if (!closed) await parts.clearPresence(node);
    },
    async close() {
      if (closed) return;
      closed = true;
      clearInterval(sweeper);
      searchIndex.stop();
      await checkpointer.close();
      db.close();
    },
  };
}

const FIX = 'restore it from a backup, or move it aside to start with an empty database';
const SWEEP_EVERY_MS = 60_000;


/** Opens, configures, checks and migrates the file; every failure is a StorageError naming it. */
function open(file: string): Database.Database {
  try {
    makeDirs(dirname(file));
  } catch (err) {
    throw new StorageError(`the database file ${file} (PARLEY_DB_FILE): its folder cannot be created (${(err as NodeJS.ErrnoException).code ?? err}); set PARLEY_DB_FILE or PARLEY_DATA_DIR to a writable place`);
  }
  let db: Database.Database;
  try {
    db = new Database(file);
  } catch (err) {
    throw new StorageError(`the database file ${file} (PARLEY_DB_FILE) cannot be opened (${describe(err)}): check the path and its permissions`);
  }
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    const problems = (db.pragma('quick_check') as Array<{ quick_check: string }>).map((r) => r.quick_check).filter((r) => r !== 'ok');
    if (problems.length > 0) throw new StorageError(`the database file ${file} (PARLEY_DB_FILE) is damaged (${problems[0]}): ${FIX}`);
    migrate(db);
    makeDirs(attachmentDir(file));
    return db;
  } catch (err) {
    db.close();
    if (err instanceof StorageError) throw err;
    const code = (err as { code?: string }).code;
    if (code === 'SQLITE_NOTADB') throw new StorageError(`the database file ${file} (PARLEY_DB_FILE) is not a SQLite database: ${FIX}`);
    if (code === 'SQLITE_CORRUPT') throw new StorageError(`the database file ${file} (PARLEY_DB_FILE) is damaged (${describe(err)}): ${FIX}`);
    if (code === 'SQLITE_READONLY' || code === 'SQLITE_CANTOPEN' || code === 'SQLITE_PERM') {
      throw new StorageError(`the database file ${file} (PARLEY_DB_FILE) cannot be written (${describe(err)}): give the user running Parley write access to it and its folder`);
    }
    throw new StorageError(`the database file ${file} (PARLEY_DB_FILE): ${describe(err)}`);
  }
}

const describe = (err: unknown) => (err instanceof Error ? err.message : String(err));

/** An SQLite error says what went wrong but not where; with several files (tests, a DB_FILE elsewhere) that matters. */
function withFile(err: unknown, file: string): unknown {
  if (err instanceof Database.SqliteError && !err.message.includes(file)) err.message = `${err.message} (${file})`;
  return err;
}
