import type pg from 'pg';
import { withConnection } from './context.ts';

/**
 * Schema changes in order; `parley_schema` records how many a database has applied. Never edit one that
 * has shipped: append a new one. The schema matches the SQLite store's after all of its migrations (ids,
 * shortcuts and labels compare byte by byte, as SQLite's do, so cursors and lists order alike); times are
 * epoch milliseconds in BIGINT and JSON is kept as text, so both stores read rows the same way.
 */
export const PG_MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE visitors (
    id          TEXT COLLATE "C" PRIMARY KEY,
    name        TEXT,
    email       TEXT,
    page_url    TEXT,
    page_title  TEXT,
    user_agent  TEXT,
    time_zone   TEXT,
    seen_at     BIGINT,
    created_at  BIGINT NOT NULL
  );

  CREATE TABLE agents (
    id                TEXT COLLATE "C" PRIMARY KEY,
    email             TEXT NOT NULL,
    name              TEXT NOT NULL,
    password_hash     TEXT NOT NULL,
    status            TEXT NOT NULL DEFAULT 'available',
    last_assigned_at  BIGINT,
    created_at        BIGINT NOT NULL,
    removed_at        BIGINT
  );
  CREATE UNIQUE INDEX agents_email ON agents (lower(email));

  CREATE TABLE conversations (
    id                    TEXT COLLATE "C" PRIMARY KEY,
    -- Creation order, for "newest first" among conversations created in the same millisecond.
    row_no                BIGINT GENERATED ALWAYS AS IDENTITY,
    visitor_id            TEXT COLLATE "C" NOT NULL REFERENCES visitors(id),
    status                TEXT NOT NULL,
    locale                TEXT NOT NULL,
    priority              TEXT,
    assigned_agent_id     TEXT COLLATE "C" REFERENCES agents(id),
    handoff               TEXT,
    bot_state             TEXT NOT NULL,
    bot_version           INTEGER NOT NULL DEFAULT 0,
    page_url              TEXT,
    queued_at             BIGINT,
    contact_requested_at  BIGINT,
    first_reply_at        BIGINT,
    released_by           TEXT COLLATE "C",
    rating_score          INTEGER,
    rating_comment        TEXT,
    resolved_at           BIGINT,
    last_text             TEXT,
    last_author           TEXT,
    last_at               BIGINT,
    last_visitor_text     TEXT,
    last_visitor_at       BIGINT,
    created_at            BIGINT NOT NULL,
    updated_at            BIGINT NOT NULL
  );
  CREATE INDEX conversations_visitor ON conversations (visitor_id, created_at);
  CREATE INDEX conversations_status ON conversations (status, updated_at);
  CREATE INDEX conversations_assignee ON conversations (assigned_agent_id, status);
  CREATE INDEX conversations_resolved ON conversations (status, resolved_at);
  -- One open conversation per visitor: two nodes taking a visitor's first message at once make one.
  CREATE UNIQUE INDEX conversations_one_open ON conversations (visitor_id) WHERE status <> 'resolved';

  CREATE TABLE messages (
    id               TEXT COLLATE "C" PRIMARY KEY,
    conversation_id  TEXT COLLATE "C" NOT NULL REFERENCES conversations(id),
    seq              BIGINT NOT NULL,
    author           TEXT NOT NULL,
    sender_id        TEXT COLLATE "C",
    author_name      TEXT,
    text             TEXT NOT NULL,
    client_id        TEXT,
    quick_replies    TEXT,
    bot              TEXT,
    created_at       BIGINT NOT NULL,
    UNIQUE (conversation_id, seq)
  );
  -- A resend carries the same client id: the second insert is recognised, not stored.
  CREATE UNIQUE INDEX messages_client ON messages (sender_id, client_id) WHERE client_id IS NOT NULL;

  CREATE TABLE events (
    id               BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    conversation_id  TEXT COLLATE "C" NOT NULL REFERENCES conversations(id),
    from_status      TEXT,
    to_status        TEXT NOT NULL,
    actor_kind       TEXT NOT NULL,
    actor_id         TEXT,
    reason           TEXT NOT NULL,
    at               BIGINT NOT NULL
  );
  CREATE INDEX events_conversation ON events (conversation_id, id);

  CREATE TABLE sessions (
    token_hash  TEXT PRIMARY KEY,
    agent_id    TEXT COLLATE "C" NOT NULL REFERENCES agents(id),
    expires_at  BIGINT NOT NULL
  );

  CREATE TABLE presence (
    agent_id     TEXT COLLATE "C" NOT NULL REFERENCES agents(id),
    node         TEXT NOT NULL,
    connections  INTEGER NOT NULL,
    seen_at      BIGINT NOT NULL,
    PRIMARY KEY (agent_id, node)
  );

  CREATE TABLE notes (
    id               TEXT COLLATE "C" PRIMARY KEY,
    row_no           BIGINT GENERATED ALWAYS AS IDENTITY,
    conversation_id  TEXT COLLATE "C" NOT NULL REFERENCES conversations(id),
    after_seq        BIGINT NOT NULL,
    agent_id         TEXT COLLATE "C" NOT NULL REFERENCES agents(id),
    text             TEXT NOT NULL,
    created_at       BIGINT NOT NULL
  );
  CREATE INDEX notes_conversation ON notes (conversation_id, after_seq);

  CREATE TABLE canned_responses (
    id          TEXT COLLATE "C" PRIMARY KEY,
    shortcut    TEXT COLLATE "C" NOT NULL UNIQUE,
    text        TEXT NOT NULL,
    updated_by  TEXT COLLATE "C" REFERENCES agents(id),
    updated_at  BIGINT NOT NULL
  );

  CREATE TABLE visitor_flags (
    visitor_id  TEXT COLLATE "C" NOT NULL REFERENCES visitors(id),
    label       TEXT COLLATE "C" NOT NULL,
    set_by      TEXT COLLATE "C" NOT NULL REFERENCES agents(id),
    at          BIGINT NOT NULL,
    PRIMARY KEY (visitor_id, label)
  );

  CREATE TABLE settings (
    key    TEXT PRIMARY KEY,
    value  TEXT NOT NULL
  );
  `,
  // 2 — roles: admins manage the team, saved replies, hours and visitors' data. The earliest account still
  // there becomes the admin. Invitations (one-time links to set a password), the last time a session was
  // used (idle expiry), and visitors found by e-mail (export, delete).
  `
  ALTER TABLE agents ADD COLUMN role TEXT NOT NULL DEFAULT 'agent';
  UPDATE agents SET role = 'admin'
    WHERE id = (SELECT id FROM agents ORDER BY removed_at IS NOT NULL, created_at, id LIMIT 1);
  ALTER TABLE sessions ADD COLUMN seen_at BIGINT;
  CREATE INDEX sessions_agent ON sessions (agent_id);
  CREATE TABLE agent_invites (
    token_hash  TEXT PRIMARY KEY,
    agent_id    TEXT COLLATE "C" NOT NULL REFERENCES agents(id),
    expires_at  BIGINT NOT NULL
  );
  CREATE INDEX agent_invites_agent ON agent_invites (agent_id);
  CREATE INDEX visitors_email ON visitors (lower(email)) WHERE email IS NOT NULL;
  `,
  // 3 — attachments: bytea in the database, which every node already shares (a directory would need a
  // shared file system; large objects would outlive a deleted row). Images and PDFs are compressed
  // already: STORAGE EXTERNAL keeps them out of line without trying to compress them again. An upload
  // belongs to its uploader until a message takes it, then to that conversation, and goes with it.
  `
  CREATE TABLE attachments (
    id               TEXT COLLATE "C" PRIMARY KEY,
    uploader_kind    TEXT NOT NULL,
    uploader_id      TEXT COLLATE "C" NOT NULL,
    client_id        TEXT COLLATE "C" NOT NULL,
    conversation_id  TEXT COLLATE "C" REFERENCES conversations(id) ON DELETE CASCADE,
    message_id       TEXT COLLATE "C",
    name             TEXT NOT NULL,
    type             TEXT NOT NULL,
    size             BIGINT NOT NULL,
    width            INTEGER,
    height           INTEGER,
    created_at       BIGINT NOT NULL,
    data             BYTEA NOT NULL,
    preview          BYTEA
  );
  ALTER TABLE attachments ALTER COLUMN data SET STORAGE EXTERNAL, ALTER COLUMN preview SET STORAGE EXTERNAL;
  CREATE UNIQUE INDEX attachments_client ON attachments (uploader_id, client_id);
  CREATE INDEX attachments_conversation ON attachments (conversation_id);
  CREATE INDEX attachments_unsent ON attachments (created_at) WHERE message_id IS NULL;
  ALTER TABLE messages ADD COLUMN attachments TEXT;
  `,
  // 4 — verified identity (SQLite's 8): one visitor per merchant user id.
  `
  ALTER TABLE visitors ADD COLUMN external_id TEXT COLLATE "C";
  CREATE UNIQUE INDEX visitors_external_id ON visitors(external_id);
  `,
  // 5 — reports: a handoff's event carries its priority (the conversation's own is cleared on a reopen), and
  // a range of conversations is read by creation time. Earlier handoffs take their conversation's priority.
  `
  ALTER TABLE events ADD COLUMN priority TEXT;
  UPDATE events SET priority = (SELECT c.priority FROM conversations c WHERE c.id = events.conversation_id)
    WHERE actor_kind = 'bot' AND from_status = 'bot' AND to_status IN ('queued', 'assigned');
  CREATE INDEX conversations_created ON conversations (created_at, id);
  `,
  // 6 — mail: the outbox (server/mail/): every mail is a row first, sent by a worker that claims it (SKIP
  // LOCKED: several nodes never take the same row), retried with backoff; it goes with its conversation.
  // Agents opt in to mail about messages left while nobody was online.
  `
  CREATE TABLE mail_outbox (
    id               TEXT COLLATE "C" PRIMARY KEY,
    conversation_id  TEXT COLLATE "C" REFERENCES conversations(id) ON DELETE CASCADE,
    kind             TEXT NOT NULL,
    recipient        TEXT NOT NULL,
    locale           TEXT NOT NULL,
    payload          TEXT NOT NULL,
    status           TEXT NOT NULL,
    attempts         INTEGER NOT NULL DEFAULT 0,
    next_attempt_at  BIGINT NOT NULL,
    claimed_by       TEXT,
    claimed_until    BIGINT,
    last_error       TEXT,
    created_at       BIGINT NOT NULL,
    sent_at          BIGINT
  );
  CREATE INDEX mail_outbox_due ON mail_outbox(status, next_attempt_at);
  CREATE INDEX mail_outbox_conversation ON mail_outbox(conversation_id, created_at);
  ALTER TABLE agents ADD COLUMN mail_notify BOOLEAN NOT NULL DEFAULT false;
  `,
];

/** Any constant: names the lock that lets one node at a time migrate. */
const MIGRATION_LOCK = 7_218_530_114;

/**
 * Applies the migrations this database has not seen yet, each in its own transaction, under an advisory
 * lock: two nodes starting at once take turns, and the second finds nothing left to do. Then makes sure
 * of the trigram index for search. Returns how many migrations ran.
 */
export function migratePg(pool: pg.Pool): Promise<number> {
  return withConnection(pool, async (client, drop) => {
    try {
      await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
      try {
        await client.query('CREATE TABLE IF NOT EXISTS parley_schema (version INTEGER NOT NULL)');
        const rows = (await client.query<{ version: number }>('SELECT version FROM parley_schema')).rows;
        if (rows.length === 0) await client.query('INSERT INTO parley_schema (version) VALUES (0)');
        const current = rows[0]?.version ?? 0;
        if (current > PG_MIGRATIONS.length) {
          throw new Error(`database schema version ${current} is newer than this Parley (${PG_MIGRATIONS.length}); upgrade Parley`);
        }
        for (let v = current; v < PG_MIGRATIONS.length; v++) {
          await client.query('BEGIN');
          try {
            await client.query(PG_MIGRATIONS[v]!);
            await client.query('UPDATE parley_schema SET version = $1', [v + 1]);
            await client.query('COMMIT');
          } catch (err) {
            await client.query('ROLLBACK');
            throw err;
          }
        }
        await ensureTrigramIndex(client);
        return PG_MIGRATIONS.length - current;
      } finally {
        await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]);
      }
    } catch (err) {
      // Whatever failed, this connection may still hold the lock or a transaction: it is not reused.
      drop(err as Error);
      throw err;
    }
  });
}

/**
 * Search matches inside words (ILIKE '%…%'), in any script. With pg_trgm a trigram index serves it; its
 * extension needs a privilege the database user may lack, so without it search still works, by scanning.
 * Tried again at each start until it succeeds.
 */
async function ensureTrigramIndex(client: pg.PoolClient): Promise<void> {
  const { rows } = await client.query("SELECT 1 FROM pg_indexes WHERE indexname = 'messages_text_trgm' AND schemaname = current_schema()");
  if (rows.length > 0) return;
  await client.query('BEGIN');
  try {
    await client.query('CREATE EXTENSION IF NOT EXISTS pg_trgm');
    await client.query('CREATE INDEX messages_text_trgm ON messages USING gin (text gin_trgm_ops)');
    await client.query('COMMIT');
  } catch {
    await client.query('ROLLBACK');
  }
}
