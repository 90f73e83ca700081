import type Database from 'better-sqlite3';

/**
 * Schema changes in order. A database records how many it has applied in `PRAGMA user_version`; on open
 * the missing ones run, each in its own transaction, so a crash half-way leaves a consistent version.
 * Never edit a migration that has shipped: append a new one.
 */
export const MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE visitors (
    id          TEXT PRIMARY KEY,
    name        TEXT,
    email       TEXT,
    created_at  INTEGER NOT NULL
  );

  CREATE TABLE agents (
    id            TEXT PRIMARY KEY,
    email         TEXT NOT NULL UNIQUE COLLATE NOCASE,
    name          TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    created_at    INTEGER NOT NULL
  );

  CREATE TABLE conversations (
    id                 TEXT PRIMARY KEY,
    visitor_id         TEXT NOT NULL REFERENCES visitors(id),
    status             TEXT NOT NULL,
    locale             TEXT NOT NULL,
    priority           TEXT,
    assigned_agent_id  TEXT REFERENCES agents(id),
    handoff            TEXT,
    bot_state          TEXT NOT NULL,
    page_url           TEXT,
    queued_at          INTEGER,
    rating_score       INTEGER,
    rating_comment     TEXT,
    resolved_at        INTEGER,
    created_at         INTEGER NOT NULL,
    updated_at         INTEGER NOT NULL
  );
  CREATE INDEX conversations_visitor ON conversations(visitor_id, created_at);
  CREATE INDEX conversations_status ON conversations(status, updated_at);

  CREATE TABLE messages (
    id               TEXT PRIMARY KEY,
    conversation_id  TEXT NOT NULL REFERENCES conversations(id),
    seq              INTEGER NOT NULL,
    author           TEXT NOT NULL,
    sender_id        TEXT,
    author_name      TEXT,
    text             TEXT NOT NULL,
    client_id        TEXT,
    quick_replies    TEXT,
    bot              TEXT,
    created_at       INTEGER NOT NULL,
    UNIQUE (conversation_id, seq)
  );
  -- A resend carries the same client id: the second insert is recognised, not stored.
  CREATE UNIQUE INDEX messages_client ON messages(sender_id, client_id) WHERE client_id IS NOT NULL;

  CREATE TABLE events (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    conversation_id  TEXT NOT NULL REFERENCES conversations(id),
    from_status      TEXT,
    to_status        TEXT NOT NULL,
    actor_kind       TEXT NOT NULL,
    actor_id         TEXT,
    reason           TEXT NOT NULL,
    at               INTEGER NOT NULL
  );
  CREATE INDEX events_conversation ON events(conversation_id, id);

  CREATE TABLE sessions (
    token_hash  TEXT PRIMARY KEY,
    agent_id    TEXT NOT NULL REFERENCES agents(id),
    expires_at  INTEGER NOT NULL
  );

  CREATE TABLE presence (
    agent_id     TEXT NOT NULL REFERENCES agents(id),
    node         TEXT NOT NULL,
    connections  INTEGER NOT NULL,
    seen_at      INTEGER NOT NULL,
    PRIMARY KEY (agent_id, node)
  );
  `,
];

/** Applies the migrations this database has not seen yet; returns how many ran. */
export function migrate(db: Database.Database): number {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > MIGRATIONS.length) {
    throw new Error(`database schema version ${current} is newer than this Parley (${MIGRATIONS.length}); upgrade Parley`);
  }
  for (let v = current; v < MIGRATIONS.length; v++) {
    db.transaction(() => {
      db.exec(MIGRATIONS[v]);
      db.pragma(`user_version = ${v + 1}`);
    })();
  }
  return MIGRATIONS.length - current;
}
