import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { sqliteAgents } from './sqlite/agents.ts';
import { sqliteCanned } from './sqlite/canned.ts';
import { createSqliteContext } from './sqlite/context.ts';
import { sqliteConversations } from './sqlite/conversations.ts';
import { sqliteMessages } from './sqlite/messages.ts';
import { migrate } from './sqlite/migrations.ts';
import { sqliteNotes } from './sqlite/notes.ts';
import { sqliteVisitors } from './sqlite/visitors.ts';
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
 */
export function createSqliteStore({ file, now = Date.now }: SqliteStoreOptions): Store {
  mkdirSync(dirname(file), { recursive: true });
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  try {
    migrate(db);
  } catch (err) {
    db.close();
    throw err;
  }

  const ctx = createSqliteContext(db, now);
  const parts = {
    ...sqliteVisitors(ctx),
    ...sqliteConversations(ctx),
    ...sqliteMessages(ctx),
    ...sqliteNotes(ctx),
    ...sqliteCanned(ctx),
    ...sqliteAgents(ctx),
  };

  let closed = false;
  return {
    ...parts,
    // Shutdown clears this node's presence after other steps may have closed the file: then it is a no-op.
    async clearPresence(node) {
      if (!closed) await parts.clearPresence(node);
    },
    async close() {
      if (closed) return;
      closed = true;
      db.close();
    },
  };
}
