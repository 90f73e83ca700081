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
  // 2 — the agent desk: availability, auto-assignment, contact requests, first replies, the visitor panel,
  // notes, saved replies, visitor flags, and message search.
  `
  ALTER TABLE agents ADD COLUMN status TEXT NOT NULL DEFAULT 'available';
  ALTER TABLE agents ADD COLUMN last_assigned_at INTEGER;

  ALTER TABLE visitors ADD COLUMN page_url TEXT;
  ALTER TABLE visitors ADD COLUMN page_title TEXT;
  ALTER TABLE visitors ADD COLUMN user_agent TEXT;
  ALTER TABLE visitors ADD COLUMN time_zone TEXT;
  ALTER TABLE visitors ADD COLUMN seen_at INTEGER;

  ALTER TABLE conversations ADD COLUMN contact_requested_at INTEGER;
  ALTER TABLE conversations ADD COLUMN first_reply_at INTEGER;
  ALTER TABLE conversations ADD COLUMN released_by TEXT;
  ALTER TABLE conversations ADD COLUMN last_text TEXT;
  ALTER TABLE conversations ADD COLUMN last_author TEXT;
  ALTER TABLE conversations ADD COLUMN last_at INTEGER;
  ALTER TABLE conversations ADD COLUMN last_visitor_text TEXT;
  ALTER TABLE conversations ADD COLUMN last_visitor_at INTEGER;
  UPDATE conversations SET
    last_text = (SELECT text FROM messages m WHERE m.conversation_id = conversations.id ORDER BY seq DESC LIMIT 1),
    last_author = (SELECT author FROM messages m WHERE m.conversation_id = conversations.id ORDER BY seq DESC LIMIT 1),
    last_at = (SELECT created_at FROM messages m WHERE m.conversation_id = conversations.id ORDER BY seq DESC LIMIT 1),
    last_visitor_text = (SELECT text FROM messages m WHERE m.conversation_id = conversations.id AND author = 'visitor' ORDER BY seq DESC LIMIT 1),
    last_visitor_at = (SELECT created_at FROM messages m WHERE m.conversation_id = conversations.id AND author = 'visitor' ORDER BY seq DESC LIMIT 1);
  -- Handed off while nobody was online used to go straight to 'offline'; now that means "left a message".
  UPDATE conversations SET contact_requested_at = queued_at WHERE status = 'offline';
  CREATE INDEX conversations_assignee ON conversations(assigned_agent_id, status);
  CREATE INDEX conversations_resolved ON conversations(status, resolved_at);

  CREATE TABLE notes (
    id               TEXT PRIMARY KEY,
    conversation_id  TEXT NOT NULL REFERENCES conversations(id),
    after_seq        INTEGER NOT NULL,
    agent_id         TEXT NOT NULL REFERENCES agents(id),
    text             TEXT NOT NULL,
    created_at       INTEGER NOT NULL
  );
  CREATE INDEX notes_conversation ON notes(conversation_id, after_seq);

  CREATE TABLE canned_responses (
    id          TEXT PRIMARY KEY,
    shortcut    TEXT NOT NULL UNIQUE,
    text        TEXT NOT NULL,
    updated_by  TEXT REFERENCES agents(id),
    updated_at  INTEGER NOT NULL
  );

  CREATE TABLE visitor_flags (
    visitor_id  TEXT NOT NULL REFERENCES visitors(id),
    label       TEXT NOT NULL,
    set_by      TEXT NOT NULL REFERENCES agents(id),
    at          INTEGER NOT NULL,
    PRIMARY KEY (visitor_id, label)
  );

  -- Substring search over message text in any script: trigrams match "refund" inside "refunded" and
  -- 包裹坏 inside 我的包裹坏了 (queries under three characters fall back to LIKE).
  CREATE VIRTUAL TABLE messages_fts USING fts5(text, content = 'messages', content_rowid = 'rowid', tokenize = 'trigram');
  CREATE TRIGGER messages_fts_insert AFTER INSERT ON messages BEGIN
    INSERT INTO messages_fts(rowid, text) VALUES (new.rowid, new.text);
  END;
  INSERT INTO messages_fts(messages_fts) VALUES ('rebuild');
  `,
  // 3 — removing an agent (\`parley agent remove\`) marks the row: conversations, events and notes still
  // name them, so the row stays; sessions and presence go.
  `
  ALTER TABLE agents ADD COLUMN removed_at INTEGER;
  `,
  // 4 — many nodes. A visitor has one open conversation: a unique index, so two nodes taking a first
  // message at once cannot make two (older duplicates from before are resolved, and the event says why).
  // Bot memory is versioned, so two bot turns cannot overwrite each other's. The visitor-token secret is
  // kept here, shared by every process on the file (it used to be <data>/secret; that file is imported).
  `
  ALTER TABLE conversations ADD COLUMN bot_version INTEGER NOT NULL DEFAULT 0;
  INSERT INTO events (conversation_id, from_status, to_status, actor_kind, actor_id, reason, at)
    SELECT c.id, c.status, 'resolved', 'system', NULL, 'a newer open conversation of the same visitor', c.updated_at
    FROM conversations c
    WHERE c.status <> 'resolved' AND EXISTS (
      SELECT 1 FROM conversations n WHERE n.visitor_id = c.visitor_id AND n.status <> 'resolved'
        AND (n.created_at > c.created_at OR (n.created_at = c.created_at AND n.rowid > c.rowid)));
  UPDATE conversations SET status = 'resolved', resolved_at = updated_at
    WHERE status <> 'resolved' AND EXISTS (
      SELECT 1 FROM conversations n WHERE n.visitor_id = conversations.visitor_id AND n.status <> 'resolved'
        AND (n.created_at > conversations.created_at OR (n.created_at = conversations.created_at AND n.rowid > conversations.rowid)));
  CREATE UNIQUE INDEX conversations_one_open ON conversations(visitor_id) WHERE status <> 'resolved';

  CREATE TABLE settings (
    key    TEXT PRIMARY KEY,
    value  TEXT NOT NULL
  );
  `,
  // 5 — the trigram index is filled behind the writes (sqlite/search-index.ts), not by a trigger inside
  // every append; messages_fts_indexed says how far it got.
  `
  DROP TRIGGER messages_fts_insert;
  CREATE TABLE messages_fts_indexed (
    id     INTEGER PRIMARY KEY CHECK (id = 1),
    up_to  INTEGER NOT NULL
  );
  INSERT INTO messages_fts_indexed (id, up_to) SELECT 1, COALESCE(MAX(rowid), 0) FROM messages;
  `,
  // 6 — roles: admins manage the team, saved replies, hours and visitors' data. The earliest account still
  // there becomes the admin. Invitations (one-time links to set a password), the last time a session was
  // used (idle expiry), and visitors found by e-mail (export, delete).
  `
  ALTER TABLE agents ADD COLUMN role TEXT NOT NULL DEFAULT 'agent';
  UPDATE agents SET role = 'admin'
    WHERE id = (SELECT id FROM agents ORDER BY removed_at IS NOT NULL, created_at, rowid LIMIT 1);
  ALTER TABLE sessions ADD COLUMN seen_at INTEGER;
  CREATE INDEX sessions_agent ON sessions(agent_id);
  CREATE TABLE agent_invites (
    token_hash  TEXT PRIMARY KEY,
    agent_id    TEXT NOT NULL REFERENCES agents(id),
    expires_at  INTEGER NOT NULL
  );
  CREATE INDEX agent_invites_agent ON agent_invites(agent_id);
  CREATE INDEX visitors_email ON visitors(lower(email)) WHERE email IS NOT NULL;
  `,
  // 7 — attachments: the files in the database (bench/attachments.ts measured it against a directory; one
  // backup, one delete). An upload belongs to its uploader until a message takes it, then to that
  // conversation, and goes with it (ON DELETE CASCADE). The bytes come last in the row, so reading the
  // description never reads the overflow pages of the blob. Messages keep a copy of the descriptions.
  `
  CREATE TABLE attachments (
    id               TEXT PRIMARY KEY,
    uploader_kind    TEXT NOT NULL,
    uploader_id      TEXT NOT NULL,
    client_id        TEXT NOT NULL,
    conversation_id  TEXT REFERENCES conversations(id) ON DELETE CASCADE,
    message_id       TEXT,
    name             TEXT NOT NULL,
    type             TEXT NOT NULL,
    size             INTEGER NOT NULL,
    width            INTEGER,
    height           INTEGER,
    created_at       INTEGER NOT NULL,
    data             BLOB NOT NULL,
    preview          BLOB
  );
  CREATE UNIQUE INDEX attachments_client ON attachments(uploader_id, client_id);
  CREATE INDEX attachments_conversation ON attachments(conversation_id);
  CREATE INDEX attachments_unsent ON attachments(created_at) WHERE message_id IS NULL;
  ALTER TABLE messages ADD COLUMN attachments TEXT;
  `,
  // 8 — verified identity: the merchant's user id a valid Parley('identify', {id, hash}) proved; one
  // visitor per id, so every browser that person signs in on continues the same conversations.
  `
  ALTER TABLE visitors ADD COLUMN external_id TEXT;
  CREATE UNIQUE INDEX visitors_external_id ON visitors(external_id);
  `,
  // 9 — attachments' bytes leave the database for a directory
  // beside the file (sqlite/attachment-files.ts): bench/attachments.ts measured a 10 MB BLOB write holding
  // the event loop 110–250 ms (better-sqlite3 is synchronous), against a file written off it. The table is
  // rebuilt without its BLOBs; bytes stored before wait in attachment_bytes_to_move until the store has
  // written them out (at open, in the background). A deleted row leaves its id in attachment_files_gone,
  // whose files the store removes (a trigger: cascades from a deleted conversation fire it too).
  `
  CREATE TABLE attachment_bytes_to_move AS SELECT id, data, preview FROM attachments;
  CREATE TABLE attachments_apart (
    id               TEXT PRIMARY KEY,
    uploader_kind    TEXT NOT NULL,
    uploader_id      TEXT NOT NULL,
    client_id        TEXT NOT NULL,
    conversation_id  TEXT REFERENCES conversations(id) ON DELETE CASCADE,
    message_id       TEXT,
    name             TEXT NOT NULL,
    type             TEXT NOT NULL,
    size             INTEGER NOT NULL,
    width            INTEGER,
    height           INTEGER,
    has_preview      INTEGER NOT NULL,
    created_at       INTEGER NOT NULL
  );
  INSERT INTO attachments_apart
    SELECT id, uploader_kind, uploader_id, client_id, conversation_id, message_id, name, type, size, width, height, preview IS NOT NULL, created_at
    FROM attachments;
  DROP TABLE attachments;
  ALTER TABLE attachments_apart RENAME TO attachments;
  CREATE UNIQUE INDEX attachments_client ON attachments(uploader_id, client_id);
  CREATE INDEX attachments_conversation ON attachments(conversation_id);
  CREATE INDEX attachments_unsent ON attachments(created_at) WHERE message_id IS NULL;
  CREATE TABLE attachment_files_gone (id TEXT PRIMARY KEY);
  CREATE TRIGGER attachments_gone AFTER DELETE ON attachments BEGIN
    INSERT OR IGNORE INTO attachment_files_gone (id) VALUES (old.id);
  END;
  `,
  // 10 — reports: a handoff's event carries its priority (the conversation's own is cleared on a reopen), and
  // a range of conversations is read by creation time. Earlier handoffs take their conversation's priority.
  `
  ALTER TABLE events ADD COLUMN priority TEXT;
  UPDATE events SET priority = (SELECT c.priority FROM conversations c WHERE c.id = events.conversation_id)
    WHERE actor_kind = 'bot' AND from_status = 'bot' AND to_status IN ('queued', 'assigned');
  CREATE INDEX conversations_created ON conversations(created_at, id);
  `,
  // 11 — mail: the outbox (server/mail/): every mail is a row first, sent by a worker that claims it, retried
  // with backoff; it goes with its conversation (ON DELETE CASCADE). Agents opt in to mail about messages
  // left while nobody was online.
  `
  CREATE TABLE mail_outbox (
    id               TEXT PRIMARY KEY,
    conversation_id  TEXT REFERENCES conversations(id) ON DELETE CASCADE,
    kind             TEXT NOT NULL,
    recipient        TEXT NOT NULL,
    locale           TEXT NOT NULL,
    payload          TEXT NOT NULL,
    status           TEXT NOT NULL,
    attempts         INTEGER NOT NULL DEFAULT 0,
    next_attempt_at  INTEGER NOT NULL,
    claimed_by       TEXT,
    claimed_until    INTEGER,
    last_error       TEXT,
    created_at       INTEGER NOT NULL,
    sent_at          INTEGER
  );
  CREATE INDEX mail_outbox_due ON mail_outbox(status, next_attempt_at);
  CREATE INDEX mail_outbox_conversation ON mail_outbox(conversation_id, created_at);
  ALTER TABLE agents ADD COLUMN mail_notify INTEGER NOT NULL DEFAULT 0;
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
