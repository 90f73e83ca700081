import { randomUUID } from 'node:crypto';
import { INITIAL_BOT_STATE } from '../../bot/types.ts';
import { TRANSITION_COLUMNS, UPDATE_COLUMNS, patchSql } from '../patch-sql.ts';
import { conversationRow, eventRow, type ConversationRecord, type EventRecord } from '../records.ts';
import type { ConversationRow } from '../rows.ts';
import type { Transition } from '../store.ts';
import { isUniqueViolation, markFrom, type PgContext, type Query } from './context.ts';
import type { ConversationPart } from '../parts.ts';
import { insertMail } from './mail.ts';

/** Agents with a live console, available, and fewer than `maxChats` open chats; least loaded first. */
const PICK_AGENT = `
  SELECT id FROM (
    SELECT a.id, a.last_assigned_at,
      (SELECT COUNT(*) FROM conversations c WHERE c.assigned_agent_id = a.id AND c.status = 'assigned') AS chats
    FROM agents a
    WHERE a.status = 'available'
      AND a.removed_at IS NULL
      AND a.id IS DISTINCT FROM $1
      AND EXISTS (SELECT 1 FROM presence p WHERE p.agent_id = a.id AND p.connections > 0 AND p.seen_at >= $2)
  ) candidates
  WHERE chats < $3
  ORDER BY chats, COALESCE(last_assigned_at, 0), id
  LIMIT 1`;

/**
 * Serializes automatic assignments across nodes (any constant). The choice reads every agent's load — a
 * count over conversations, not one row — so locking the chosen agent's row (or SKIP LOCKED) cannot stop
 * two nodes both giving the agent with one free slot a chat. One assignment at a time under a transaction
 * advisory lock does; assignments happen once per handoff and take a millisecond, so nobody waits long.
 */
const ASSIGN_LOCK = 7_218_530_115;

const CREATE_TRIES = 5;

const INSERT_EVENT = `INSERT INTO events (conversation_id, from_status, to_status, actor_kind, actor_id, reason, at, priority) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`;

/**
 * Conversations: lifecycle (every status change is a conditional update plus an event row, in one
 * transaction that first locks the conversation's row, so two nodes changing it take turns) and lists.
 */
export function pgConversations({ query, tx, now }: PgContext): ConversationPart {
  const read = async (q: Query, id: string, lock = false): Promise<ConversationRow | null> => {
    const [r] = await q<ConversationRecord>(`SELECT * FROM conversations WHERE id = $1${lock ? ' FOR UPDATE' : ''}`, [id]);
    return r ? conversationRow(r) : null;
  };
  const rows = (records: ConversationRecord[]) => records.map((r) => conversationRow(r));

  /** The compare-and-set behind every status change: status (and assignee) checked in the UPDATE itself. */
  const apply = async (q: Query, id: string, change: Transition, before: ConversationRow): Promise<ConversationRow | null> => {
    const at = now();
    const { sets, values } = patchSql(change.patch ?? {}, TRANSITION_COLUMNS, markFrom(2));
    const params: unknown[] = [change.to, at, ...values, id, change.from];
    let where = `id = $${params.length - 1} AND status = ANY($${params.length}::text[])`;
    if (change.onlyIfAssignedTo !== undefined) {
      params.push(change.onlyIfAssignedTo);
      where += ` AND (status <> 'assigned' OR assigned_agent_id = $${params.length})`;
    }
    const bumps = change.patch?.botState === undefined ? [] : ['bot_version = bot_version + 1'];
    const [r] = await q<ConversationRecord>(`UPDATE conversations SET ${['status = $1', 'updated_at = $2', ...sets, ...bumps].join(', ')} WHERE ${where} RETURNING *`, params);
    if (!r) return null;
    await q(INSERT_EVENT, [id, before.status, change.to, change.actor.kind, change.actor.id, change.reason, at, change.patch?.priority ?? null]);
    if (change.to === 'assigned' && change.patch?.assignedAgentId) {
      await q('UPDATE agents SET last_assigned_at = $1 WHERE id = $2', [at, change.patch.assignedAgentId]);
    }
    return conversationRow(r);
  };

  /** A reopen while the visitor has another open conversation is a failed condition like any other. */
  const nullIfSecondOpen = (err: unknown): null => {
    if (isUniqueViolation(err, 'conversations_one_open')) return null;
    throw err;
  };

  return {
    async createConversation(input) {
      // ON CONFLICT waits for a racing insert of the same visitor's conversation to commit, then does
      // nothing: the one it made is read back. Should that one be resolved in between, try again.
      for (let attempt = 1; ; attempt++) {
        const id = randomUUID();
        const at = now();
        // The row and its first event in one statement (one round trip, atomic without a transaction).
        const [created] = await query<ConversationRecord>(
          `WITH created AS (
             INSERT INTO conversations (id, visitor_id, status, locale, bot_state, page_url, created_at, updated_at)
             VALUES ($1, $2, 'bot', $3, $4, $5, $6, $6)
             ON CONFLICT (visitor_id) WHERE status <> 'resolved' DO NOTHING RETURNING *
           ), started AS (
             INSERT INTO events (conversation_id, from_status, to_status, actor_kind, actor_id, reason, at)
             SELECT id, NULL, 'bot', $7, $8, 'conversation started', $6 FROM created
           )
           SELECT * FROM created`,
          [id, input.visitorId, input.locale, JSON.stringify(INITIAL_BOT_STATE), input.pageUrl, at, input.actor.kind, input.actor.id],
        );
        if (created) return { conversation: conversationRow(created), created: true };
        const [open] = await query<ConversationRecord>("SELECT * FROM conversations WHERE visitor_id = $1 AND status <> 'resolved'", [input.visitorId]);
        if (open) return { conversation: conversationRow(open), created: false };
        if (attempt === CREATE_TRIES) throw new Error(`no conversation for visitor ${input.visitorId}: created and resolved ${CREATE_TRIES} times over`);
      }
    },
    async getConversation(id) {
      return read(query, id);
    },
    async latestConversationForVisitor(visitorId) {
      const [r] = await query<ConversationRecord>('SELECT * FROM conversations WHERE visitor_id = $1 ORDER BY created_at DESC, row_no DESC LIMIT 1', [visitorId]);
      return r ? conversationRow(r) : null;
    },
    async listVisitorConversations(visitorId, limit) {
      return rows(await query<ConversationRecord>('SELECT * FROM conversations WHERE visitor_id = $1 ORDER BY created_at DESC, row_no DESC LIMIT $2', [visitorId, limit]));
    },
    async listWaiting() {
      return rows(await query<ConversationRecord>("SELECT * FROM conversations WHERE status IN ('queued', 'offline', 'assigned')"));
    },
    async pageConversations({ view, activeSince, cursor, limit }) {
      const c = [cursor?.at ?? null, cursor?.id ?? null];
      if (view === 'bot') {
        return rows(
          await query<ConversationRecord>(
            `SELECT * FROM conversations WHERE status = 'bot' AND updated_at >= $1
               AND ($2::bigint IS NULL OR updated_at < $2 OR (updated_at = $2 AND id < $3))
             ORDER BY updated_at DESC, id DESC LIMIT $4`,
            [activeSince, ...c, limit],
          ),
        );
      }
      return rows(
        await query<ConversationRecord>(
          `SELECT * FROM conversations WHERE status = 'resolved'
             AND ($1::bigint IS NULL OR resolved_at < $1 OR (resolved_at = $1 AND id < $2))
           ORDER BY resolved_at DESC, id DESC LIMIT $3`,
          [...c, limit],
        ),
      );
    },
    async transition(id, change) {
      if (change.from.length === 0) return null;
      return tx(async (q) => {
        const before = await read(q, id, true);
        if (!before || !change.from.includes(before.status)) return null;
        const after = await apply(q, id, change, before);
        if (after && change.mail?.length) await insertMail(q, change.mail, now());
        return after;
      }).catch(nullIfSecondOpen);
    },
    async assignToAvailable(id, change) {
      return tx(async (q) => {
        await q('SELECT pg_advisory_xact_lock($1)', [ASSIGN_LOCK]);
        const before = await read(q, id, true);
        if (!before || !change.from.includes(before.status)) return null;
        const [pick] = await q<{ id: string }>(PICK_AGENT, [before.releasedBy, change.seenSince, change.maxChats]);
        if (!pick) return null;
        return apply(q, id, { ...change, to: 'assigned', patch: { ...change.patch, assignedAgentId: pick.id, releasedBy: null } }, before);
      });
    },
    async requestContact(id, { at, reason }) {
      return tx(async (q) => {
        const [r] = await q<ConversationRecord>(
          "UPDATE conversations SET contact_requested_at = $1, updated_at = $1 WHERE id = $2 AND status = 'queued' AND contact_requested_at IS NULL RETURNING *",
          [at, id],
        );
        if (!r) return null;
        await q(INSERT_EVENT, [id, 'queued', 'queued', 'system', null, reason, at, null]);
        return conversationRow(r);
      });
    },
    async updateConversation(id, patch, condition = {}) {
      const { sets, values } = patchSql(patch, UPDATE_COLUMNS, markFrom(2));
      if (patch.botState !== undefined) sets.push('bot_version = bot_version + 1');
      const params: unknown[] = [id, now(), ...values];
      const where = ['id = $1'];
      if (condition.status) {
        params.push(condition.status);
        where.push(`status = ANY($${params.length}::text[])`);
      }
      if (condition.botVersion !== undefined) {
        params.push(condition.botVersion);
        where.push(`bot_version = $${params.length}`);
      }
      if (sets.length === 0 && where.length === 1) return read(query, id);
      const [r] = await query<ConversationRecord>(`UPDATE conversations SET ${[...sets, 'updated_at = $2'].join(', ')} WHERE ${where.join(' AND ')} RETURNING *`, params);
      return r ? conversationRow(r) : null;
    },
    async listEvents(conversationId) {
      return (await query<EventRecord>('SELECT * FROM events WHERE conversation_id = $1 ORDER BY id', [conversationId])).map(eventRow);
    },
    async saveRating(conversationId, score, comment) {
      await query('UPDATE conversations SET rating_score = $1, rating_comment = $2, updated_at = $3 WHERE id = $4', [score, comment, now(), conversationId]);
    },
    async firstReplyDelays(since) {
      return (await query<{ ms: number }>('SELECT first_reply_at - queued_at AS ms FROM conversations WHERE queued_at >= $1 AND first_reply_at IS NOT NULL', [since])).map((r) => r.ms);
    },
  };
}
