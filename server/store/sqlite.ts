import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { INITIAL_BOT_STATE } from '../bot/types.ts';
import { migrate } from './sqlite/migrations.ts';
import { TRANSITION_COLUMNS, UPDATE_COLUMNS, patchSql } from './sqlite/patch-sql.ts';
import { toAgent, toConversation, toEvent, toMessage, toVisitor, type ConversationRecord, type MessageRecord } from './sqlite/rows.ts';
import type { ConversationRow, MessageRow, Store } from './store.ts';

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

  // Statements whose text depends on the call (IN lists, patched columns) are prepared on first use of
  // each shape and kept: the number of shapes is small and fixed by the code, not by the data.
  const shaped = new Map<string, Database.Statement>();
  const prepared = (sql: string): Database.Statement => {
    let stmt = shaped.get(sql);
    if (!stmt) {
      stmt = db.prepare(sql);
      shaped.set(sql, stmt);
    }
    return stmt;
  };
  const marks = (n: number) => Array.from({ length: n }, () => '?').join(', ');

  const q = {
    insertVisitor: db.prepare('INSERT INTO visitors (id, name, email, created_at) VALUES (?, NULL, NULL, ?)'),
    getVisitor: db.prepare('SELECT * FROM visitors WHERE id = ?'),
    setContact: db.prepare('UPDATE visitors SET email = ?, name = COALESCE(?, name) WHERE id = ?'),
    insertConversation: db.prepare(
      `INSERT INTO conversations (id, visitor_id, status, locale, bot_state, page_url, created_at, updated_at)
       VALUES (?, ?, 'bot', ?, ?, ?, ?, ?)`,
    ),
    getConversation: db.prepare('SELECT * FROM conversations WHERE id = ?'),
    latestForVisitor: db.prepare('SELECT * FROM conversations WHERE visitor_id = ? ORDER BY created_at DESC, rowid DESC LIMIT 1'),
    insertEvent: db.prepare(
      `INSERT INTO events (conversation_id, from_status, to_status, actor_kind, actor_id, reason, at)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
    ),
    listEvents: db.prepare('SELECT * FROM events WHERE conversation_id = ? ORDER BY id'),
    nextSeq: db.prepare('SELECT COALESCE(MAX(seq), 0) + 1 AS seq FROM messages WHERE conversation_id = ?'),
    insertMessage: db.prepare(
      `INSERT INTO messages (id, conversation_id, seq, author, sender_id, author_name, text, client_id, quick_replies, bot, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    touchConversation: db.prepare('UPDATE conversations SET updated_at = ? WHERE id = ?'),
    byClientId: db.prepare('SELECT * FROM messages WHERE sender_id = ? AND client_id = ?'),
    listMessages: db.prepare('SELECT * FROM messages WHERE conversation_id = ? AND seq > ? ORDER BY seq LIMIT ?'),
    lastMessage: db.prepare('SELECT * FROM messages WHERE conversation_id = ? ORDER BY seq DESC LIMIT 1'),
    saveRating: db.prepare('UPDATE conversations SET rating_score = ?, rating_comment = ?, updated_at = ? WHERE id = ?'),
    insertAgent: db.prepare('INSERT INTO agents (id, email, name, password_hash, created_at) VALUES (?, ?, ?, ?, ?)'),
    agentByEmail: db.prepare('SELECT * FROM agents WHERE email = ?'),
    getAgent: db.prepare('SELECT * FROM agents WHERE id = ?'),
    countAgents: db.prepare('SELECT COUNT(*) AS n FROM agents'),
    insertSession: db.prepare('INSERT INTO sessions (token_hash, agent_id, expires_at) VALUES (?, ?, ?)'),
    findSession: db.prepare('SELECT agent_id, expires_at FROM sessions WHERE token_hash = ? AND expires_at > ?'),
    deleteSession: db.prepare('DELETE FROM sessions WHERE token_hash = ?'),
    deleteExpiredSessions: db.prepare('DELETE FROM sessions WHERE expires_at <= ?'),
    presenceUp: db.prepare(
      `INSERT INTO presence (agent_id, node, connections, seen_at) VALUES (?, ?, 1, ?)
       ON CONFLICT (agent_id, node) DO UPDATE SET connections = connections + 1, seen_at = excluded.seen_at`,
    ),
    presenceDown: db.prepare('UPDATE presence SET connections = MAX(connections - 1, 0), seen_at = ? WHERE agent_id = ? AND node = ?'),
    presencePrune: db.prepare('DELETE FROM presence WHERE connections <= 0'),
    clearPresence: db.prepare('DELETE FROM presence WHERE node = ?'),
    countOnline: db.prepare('SELECT COUNT(DISTINCT agent_id) AS n FROM presence WHERE connections > 0'),
  };

  const conversation = (id: string): ConversationRow | null => {
    const r = q.getConversation.get(id) as ConversationRecord | undefined;
    return r ? toConversation(r) : null;
  };

  // The write transactions below read before they write (next seq, current status). They run as
  // BEGIN IMMEDIATE: a deferred one would take its read snapshot first and then fail with SQLITE_BUSY,
  // without waiting, if another node's connection committed in between; IMMEDIATE waits (busy_timeout).
  const appendTx = db.transaction((input: Parameters<Store['appendMessage']>[0]): { message: MessageRow; duplicate: boolean } => {
    if (input.clientId && input.senderId) {
      const existing = q.byClientId.get(input.senderId, input.clientId) as MessageRecord | undefined;
      if (existing) return { message: toMessage(existing), duplicate: true };
    }
    const { seq } = q.nextSeq.get(input.conversationId) as { seq: number };
    const id = randomUUID();
    const at = now();
    const quickReplies = input.quickReplies?.length ? JSON.stringify(input.quickReplies) : null;
    const bot = input.bot ? JSON.stringify(input.bot) : null;
    q.insertMessage.run(id, input.conversationId, seq, input.author, input.senderId, input.authorName, input.text, input.clientId, quickReplies, bot, at);
    q.touchConversation.run(at, input.conversationId);
    return {
      message: {
        id,
        conversationId: input.conversationId,
        seq,
        author: input.author,
        senderId: input.senderId,
        authorName: input.authorName,
        text: input.text,
        clientId: input.clientId,
        quickReplies: input.quickReplies ?? [],
        bot: input.bot ?? null,
        createdAt: at,
      },
      duplicate: false,
    };
  });

  const transitionTx = db.transaction((id: string, change: Parameters<Store['transition']>[1]): ConversationRow | null => {
    if (change.from.length === 0) return null;
    const { sets, values } = patchSql(change.patch ?? {}, TRANSITION_COLUMNS);
    const at = now();
    const before = conversation(id);
    if (!before || !change.from.includes(before.status)) return null;
    // The status guard in the WHERE clause is the compare-and-set; the read above only feeds the event log.
    const result = prepared(
      `UPDATE conversations SET ${['status = ?', 'updated_at = ?', ...sets].join(', ')} WHERE id = ? AND status IN (${marks(change.from.length)})`,
    ).run(change.to, at, ...values, id, ...change.from);
    if (result.changes === 0) return null;
    q.insertEvent.run(id, before.status, change.to, change.actor.kind, change.actor.id, change.reason, at);
    return conversation(id);
  });

  const createConversationTx = db.transaction((input: Parameters<Store['createConversation']>[0]): ConversationRow => {
    const id = randomUUID();
    const at = now();
    q.insertConversation.run(id, input.visitorId, input.locale, JSON.stringify(INITIAL_BOT_STATE), input.pageUrl, at, at);
    q.insertEvent.run(id, null, 'bot', input.actor.kind, input.actor.id, 'conversation started', at);
    return conversation(id)!;
  });

  const presenceTx = db.transaction((agentId: string, node: string, online: boolean, at: number) => {
    if (online) q.presenceUp.run(agentId, node, at);
    else {
      q.presenceDown.run(at, agentId, node);
      q.presencePrune.run();
    }
  });

  let closed = false;

  return {
    async createVisitor() {
      const id = randomUUID();
      const at = now();
      q.insertVisitor.run(id, at);
      return { id, name: null, email: null, createdAt: at };
    },
    async getVisitor(id) {
      const r = q.getVisitor.get(id) as Parameters<typeof toVisitor>[0] | undefined;
      return r ? toVisitor(r) : null;
    },
    async setVisitorContact(id, { email, name }) {
      q.setContact.run(email, name, id);
    },

    async createConversation(input) {
      return createConversationTx.immediate(input);
    },
    async getConversation(id) {
      return conversation(id);
    },
    async latestConversationForVisitor(visitorId) {
      const r = q.latestForVisitor.get(visitorId) as ConversationRecord | undefined;
      return r ? toConversation(r) : null;
    },
    async listConversations({ statuses, limit }) {
      if (statuses.length === 0) return [];
      const rows = prepared(`SELECT * FROM conversations WHERE status IN (${marks(statuses.length)}) ORDER BY updated_at DESC, rowid DESC LIMIT ?`).all(
        ...statuses,
        limit,
      ) as ConversationRecord[];
      return rows.map(toConversation);
    },
    async transition(id, change) {
      return transitionTx.immediate(id, change);
    },
    async updateConversation(id, patch) {
      const { sets, values } = patchSql(patch, UPDATE_COLUMNS);
      if (sets.length > 0) prepared(`UPDATE conversations SET ${[...sets, 'updated_at = ?'].join(', ')} WHERE id = ?`).run(...values, now(), id);
      return conversation(id);
    },
    async listEvents(conversationId) {
      return (q.listEvents.all(conversationId) as Parameters<typeof toEvent>[0][]).map(toEvent);
    },

    async appendMessage(input) {
      return appendTx.immediate(input);
    },
    async findMessageByClientId(senderId, clientId) {
      const r = q.byClientId.get(senderId, clientId) as MessageRecord | undefined;
      return r ? toMessage(r) : null;
    },
    async listMessages(conversationId, opts = {}) {
      const rows = q.listMessages.all(conversationId, opts.afterSeq ?? 0, opts.limit ?? -1) as MessageRecord[];
      return rows.map(toMessage);
    },
    async lastMessage(conversationId) {
      const r = q.lastMessage.get(conversationId) as MessageRecord | undefined;
      return r ? toMessage(r) : null;
    },

    async saveRating(conversationId, score, comment) {
      q.saveRating.run(score, comment, now(), conversationId);
    },

    async createAgent({ email, name, passwordHash }) {
      const id = randomUUID();
      const at = now();
      q.insertAgent.run(id, email, name, passwordHash, at);
      return { id, email, name, passwordHash, createdAt: at };
    },
    async findAgentByEmail(email) {
      const r = q.agentByEmail.get(email) as Parameters<typeof toAgent>[0] | undefined;
      return r ? toAgent(r) : null;
    },
    async getAgent(id) {
      const r = q.getAgent.get(id) as Parameters<typeof toAgent>[0] | undefined;
      return r ? toAgent(r) : null;
    },
    async countAgents() {
      return (q.countAgents.get() as { n: number }).n;
    },

    async createSession({ tokenHash, agentId, expiresAt }) {
      // Expired sessions are useless; dropping them on each sign-in keeps the table small without a timer.
      q.deleteExpiredSessions.run(now());
      q.insertSession.run(tokenHash, agentId, expiresAt);
    },
    async findSession(tokenHash, at) {
      const r = q.findSession.get(tokenHash, at) as { agent_id: string; expires_at: number } | undefined;
      return r ? { agentId: r.agent_id, expiresAt: r.expires_at } : null;
    },
    async deleteSession(tokenHash) {
      q.deleteSession.run(tokenHash);
    },

    async setAgentPresence(agentId, node, online, at) {
      presenceTx.immediate(agentId, node, online, at);
    },
    async clearPresence(node) {
      if (!closed) q.clearPresence.run(node);
    },
    async countOnlineAgents() {
      return (q.countOnline.get() as { n: number }).n;
    },

    async close() {
      if (closed) return;
      closed = true;
      db.close();
    },
  };
}
