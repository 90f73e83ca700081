import { randomUUID } from 'node:crypto';
import type Database from 'better-sqlite3';
import { INITIAL_BOT_STATE } from '../../bot/types.ts';
import type { ConversationRow } from '../rows.ts';
import type { Store, Transition } from '../store.ts';
import { isUniqueViolation, type SqliteContext } from './context.ts';
import { TRANSITION_COLUMNS, UPDATE_COLUMNS, patchSql } from '../patch-sql.ts';
import { conversationRow, eventRow, type ConversationRecord, type EventRecord } from '../records.ts';
import type { ConversationPart } from '../parts.ts';
import { sqliteMailInsert } from './mail.ts';

/** Agents with a live console, available, and fewer than `maxChats` open chats; least loaded first. */
const PICK_AGENT = `
  SELECT a.id, (SELECT COUNT(*) FROM conversations c WHERE c.assigned_agent_id = a.id AND c.status = 'assigned') AS chats
  FROM agents a
  WHERE a.status = 'available'
    AND a.removed_at IS NULL
    AND a.id IS NOT ?
    AND EXISTS (SELECT 1 FROM presence p WHERE p.agent_id = a.id AND p.connections > 0 AND p.seen_at >= ?)
    AND chats < ?
  ORDER BY chats, COALESCE(a.last_assigned_at, 0), a.id
  LIMIT 1`;

/** Conversations: lifecycle (every status change is a conditional update plus an event row) and lists. */
export function sqliteConversations(ctx: SqliteContext): ConversationPart {
  const { db, now, prepared, marks } = ctx;
  const insertMail = sqliteMailInsert(ctx);
  const q = {
    // The visitor's open conversation is unique (conversations_one_open): a second one is not inserted.
    insert: db.prepare(
      `INSERT INTO conversations (id, visitor_id, status, locale, bot_state, page_url, created_at, updated_at)
       VALUES (?, ?, 'bot', ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
    ),
    openForVisitor: db.prepare("SELECT * FROM conversations WHERE visitor_id = ? AND status <> 'resolved'"),
    get: db.prepare('SELECT * FROM conversations WHERE id = ?'),
    latestForVisitor: db.prepare('SELECT * FROM conversations WHERE visitor_id = ? ORDER BY created_at DESC, rowid DESC LIMIT 1'),
    forVisitor: db.prepare('SELECT * FROM conversations WHERE visitor_id = ? ORDER BY created_at DESC, rowid DESC LIMIT ?'),
    waiting: db.prepare("SELECT * FROM conversations WHERE status IN ('queued', 'offline', 'assigned')"),
    botPage: db.prepare(
      `SELECT * FROM conversations WHERE status = 'bot' AND updated_at >= ?
         AND (? IS NULL OR updated_at < ? OR (updated_at = ? AND id < ?))
       ORDER BY updated_at DESC, id DESC LIMIT ?`,
    ),
    resolvedPage: db.prepare(
      `SELECT * FROM conversations WHERE status = 'resolved'
         AND (? IS NULL OR resolved_at < ? OR (resolved_at = ? AND id < ?))
       ORDER BY resolved_at DESC, id DESC LIMIT ?`,
    ),
    insertEvent: db.prepare(
      `INSERT INTO events (conversation_id, from_status, to_status, actor_kind, actor_id, reason, at, priority)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    listEvents: db.prepare('SELECT * FROM events WHERE conversation_id = ? ORDER BY id'),
    pickAgent: db.prepare(PICK_AGENT),
    touchAssigned: db.prepare('UPDATE agents SET last_assigned_at = ? WHERE id = ?'),
    requestContact: db.prepare(
      "UPDATE conversations SET contact_requested_at = ?, updated_at = ? WHERE id = ? AND status = 'queued' AND contact_requested_at IS NULL",
    ),
    saveRating: db.prepare('UPDATE conversations SET rating_score = ?, rating_comment = ?, updated_at = ? WHERE id = ?'),
    firstReplies: db.prepare('SELECT first_reply_at - queued_at AS ms FROM conversations WHERE queued_at >= ? AND first_reply_at IS NOT NULL'),
  };

  const read = (id: string): ConversationRow | null => {
    const r = q.get.get(id) as ConversationRecord | undefined;
    return r ? conversationRow(r) : null;
  };
  const rows = (records: unknown[]) => (records as ConversationRecord[]).map((r) => conversationRow(r));

  /** The compare-and-set behind every status change: status (and assignee) checked in the UPDATE itself. */
  const apply = (id: string, change: Transition, before: ConversationRow): ConversationRow | null => {
    const { sets, values } = patchSql(change.patch ?? {}, TRANSITION_COLUMNS);
    const at = now();
    const assigneeGuard = change.onlyIfAssignedTo === undefined ? '' : " AND (status <> 'assigned' OR assigned_agent_id = ?)";
    const bumps = change.patch?.botState === undefined ? [] : ['bot_version = bot_version + 1'];
    let result: Database.RunResult;
    try {
      result = prepared(
        `UPDATE conversations SET ${['status = ?', 'updated_at = ?', ...sets, ...bumps].join(', ')}
         WHERE id = ? AND status IN (${marks(change.from.length)})${assigneeGuard}`,
      ).run(change.to, at, ...values, id, ...change.from, ...(change.onlyIfAssignedTo === undefined ? [] : [change.onlyIfAssignedTo]));
    } catch (err) {
      // A reopen while the visitor has another open conversation: a failed condition like any other.
      if (isUniqueViolation(err)) return null;
      throw err;
    }
    if (result.changes === 0) return null;
    q.insertEvent.run(id, before.status, change.to, change.actor.kind, change.actor.id, change.reason, at, change.patch?.priority ?? null);
    if (change.to === 'assigned' && change.patch?.assignedAgentId) q.touchAssigned.run(at, change.patch.assignedAgentId);
    return read(id);
  };

  // The write transactions below read before they write. They run as BEGIN IMMEDIATE: a deferred one would
  // take its read snapshot first and then fail with SQLITE_BUSY, without waiting, if another node's
  // connection committed in between; IMMEDIATE waits (busy_timeout).
  const transitionTx = db.transaction((id: string, change: Transition): ConversationRow | null => {
    if (change.from.length === 0) return null;
    const before = read(id);
    if (!before || !change.from.includes(before.status)) return null;
    const after = apply(id, change, before);
    if (after && change.mail?.length) insertMail(change.mail);
    return after;
  });

  const assignTx = db.transaction((id: string, change: Parameters<Store['assignToAvailable']>[1]): ConversationRow | null => {
    const before = read(id);
    if (!before || !change.from.includes(before.status)) return null;
    const pick = q.pickAgent.get(before.releasedBy, change.seenSince, change.maxChats) as { id: string } | undefined;
    if (!pick) return null;
    return apply(id, { ...change, to: 'assigned', patch: { ...change.patch, assignedAgentId: pick.id, releasedBy: null } }, before);
  });

  const requestContactTx = db.transaction((id: string, at: number, reason: string): ConversationRow | null => {
    if (q.requestContact.run(at, at, id).changes === 0) return null;
    q.insertEvent.run(id, 'queued', 'queued', 'system', null, reason, at, null);
    return read(id);
  });

  const createTx = db.transaction((input: Parameters<Store['createConversation']>[0]): { conversation: ConversationRow; created: boolean } => {
    const id = randomUUID();
    const at = now();
    if (q.insert.run(id, input.visitorId, input.locale, JSON.stringify(INITIAL_BOT_STATE), input.pageUrl, at, at).changes === 0) {
      return { conversation: conversationRow(q.openForVisitor.get(input.visitorId) as ConversationRecord), created: false };
    }
    q.insertEvent.run(id, null, 'bot', input.actor.kind, input.actor.id, 'conversation started', at, null);
    return { conversation: read(id)!, created: true };
  });

  return {
    async createConversation(input) {
      return createTx.immediate(input);
    },
    async getConversation(id) {
      return read(id);
    },
    async latestConversationForVisitor(visitorId) {
      const r = q.latestForVisitor.get(visitorId) as ConversationRecord | undefined;
      return r ? conversationRow(r) : null;
    },
    async listVisitorConversations(visitorId, limit) {
      return rows(q.forVisitor.all(visitorId, limit));
    },
    async listWaiting() {
      return rows(q.waiting.all());
    },
    async pageConversations({ view, activeSince, cursor, limit }) {
      const c = cursor ? [cursor.at, cursor.at, cursor.at, cursor.id] : [null, null, null, null];
      return view === 'bot' ? rows(q.botPage.all(activeSince, ...c, limit)) : rows(q.resolvedPage.all(...c, limit));
    },
    async transition(id, change) {
      return transitionTx.immediate(id, change);
    },
    async assignToAvailable(id, change) {
      return assignTx.immediate(id, change);
    },
    async requestContact(id, { at, reason }) {
      return requestContactTx.immediate(id, at, reason);
    },
    async updateConversation(id, patch, condition = {}) {
      const { sets, values } = patchSql(patch, UPDATE_COLUMNS);
      if (patch.botState !== undefined) sets.push('bot_version = bot_version + 1');
      const where = ['id = ?'];
      const params: unknown[] = [id];
      if (condition.status) {
        where.push(`status IN (${marks(condition.status.length)})`);
        params.push(...condition.status);
      }
      if (condition.botVersion !== undefined) {
        where.push('bot_version = ?');
        params.push(condition.botVersion);
      }
      if (sets.length === 0 && params.length === 1) return read(id);
      // RETURNING: the row comes back from the write itself, not from a second statement (a bot turn runs this per message).
      const r = prepared(`UPDATE conversations SET ${[...sets, 'updated_at = ?'].join(', ')} WHERE ${where.join(' AND ')} RETURNING *`).get(...values, now(), ...params);
      return r ? conversationRow(r as ConversationRecord) : null;
    },
    async listEvents(conversationId) {
      return (q.listEvents.all(conversationId) as EventRecord[]).map(eventRow);
    },
    async saveRating(conversationId, score, comment) {
      q.saveRating.run(score, comment, now(), conversationId);
    },
    async firstReplyDelays(since) {
      return (q.firstReplies.all(since) as Array<{ ms: number }>).map((r) => r.ms);
    },
  };
}
