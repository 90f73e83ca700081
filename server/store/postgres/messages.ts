import { randomUUID } from 'node:crypto';
import { messageRow, type MessageRecord } from '../records.ts';
import type { MessageRow, SearchRow } from '../rows.ts';
import type { MessageGuard, NewMessage } from '../store.ts';
import { isUniqueViolation, type PgContext, type Query } from './context.ts';
import type { MessagePart } from '../parts.ts';
import { AttachmentTaken, attachmentsColumn, listText } from '../message-attachments.ts';
import { insertMail } from './mail.ts';

type Appended = { message: MessageRow; duplicate: boolean };

/**
 * Each conversation's newest matching message, newest first, after the cursor. ILIKE '%…%' matches inside
 * words in any script, as the SQLite store's trigram search does; the pg_trgm index (when the database has
 * it) serves it, else it scans.
 */
const SEARCH = `
  SELECT conversation_id, seq, text, at FROM (
    SELECT DISTINCT ON (m.conversation_id) m.conversation_id, m.seq, m.text, m.created_at AS at
    FROM messages m
    WHERE m.text ILIKE $1 ESCAPE '\\' AND m.author <> 'system'
    ORDER BY m.conversation_id, m.created_at DESC, m.seq DESC
  ) hits
  WHERE ($2::bigint IS NULL OR at < $2 OR (at = $2 AND conversation_id < $3))
  ORDER BY at DESC, conversation_id DESC
  LIMIT $4`;

// One statement, one round trip: the message with the next seq, and the conversation row's copy of its last
// message and of the visitor's own last words (a quick reply's label is the bot's), so lists need no join;
// the first agent message after a handoff sets first_reply_at.
const APPEND = `
  WITH added AS (
    INSERT INTO messages (id, conversation_id, seq, author, sender_id, author_name, text, client_id, quick_replies, bot, created_at, attachments)
    SELECT $1, $2::text, COALESCE(MAX(seq), 0) + 1, $3::text, $4, $5, $6::text, $7, $8, $9, $10::bigint, $12 FROM messages WHERE conversation_id = $2::text
    RETURNING *
  ), touched AS (
    UPDATE conversations SET
      updated_at = $10::bigint,
      last_text = CASE WHEN $3::text <> 'system' THEN $13::text ELSE last_text END,
      last_author = CASE WHEN $3::text <> 'system' THEN $3::text ELSE last_author END,
      last_at = CASE WHEN $3::text <> 'system' THEN $10::bigint ELSE last_at END,
      last_visitor_text = CASE WHEN $3::text = 'visitor' AND $11::boolean THEN $13::text ELSE last_visitor_text END,
      last_visitor_at = CASE WHEN $3::text = 'visitor' AND $11::boolean THEN $10::bigint ELSE last_visitor_at END,
      first_reply_at = CASE WHEN $3::text = 'agent' AND first_reply_at IS NULL AND queued_at IS NOT NULL THEN $10::bigint ELSE first_reply_at END
    WHERE id = $2::text
  )
  SELECT * FROM added`;

/** Inserts a message with the next seq (the caller holds its conversation's row lock). */
export async function insertMessage(q: Query, input: NewMessage, at: number): Promise<MessageRow> {
  const quickReplies = input.quickReplies?.length ? JSON.stringify(input.quickReplies) : null;
  const bot = input.bot ? JSON.stringify(input.bot) : null;
  const [row] = await q<MessageRecord>(APPEND, [
    randomUUID(),
    input.conversationId,
    input.author,
    input.senderId,
    input.authorName,
    input.text,
    input.clientId,
    quickReplies,
    bot,
    at,
    !input.fromQuickReply,
    attachmentsColumn(input.attachments),
    listText(input),
  ]);
  const message = messageRow(row!);
  if (input.attachments?.length) {
    // Only the sender's own uploads, not yet carried by a message; else the caller's transaction rolls back.
    const bound = await q(
      'UPDATE attachments SET conversation_id = $1, message_id = $2 WHERE id = ANY($3::text[]) AND uploader_id = $4 AND message_id IS NULL RETURNING id',
      [input.conversationId, message.id, input.attachments.map((a) => a.id), input.senderId],
    );
    if (bound.length !== new Set(input.attachments.map((a) => a.id)).size) throw new AttachmentTaken();
  }
  return message;
}

/**
 * Messages: numbered per conversation, stored once per client id, guarded by the conversation's state.
 * An append locks its conversation's row first (FOR UPDATE): appends to one conversation from any number
 * of nodes take turns, so MAX(seq) + 1 is never taken twice, and the guard reads the state it writes under.
 */
export function pgMessages({ query, tx, now }: PgContext): MessagePart {
  const byClientId = async (senderId: string, clientId: string) => {
    const [r] = await query<MessageRecord>('SELECT * FROM messages WHERE sender_id = $1 AND client_id = $2', [senderId, clientId]);
    return r ? messageRow(r) : null;
  };

  const append = (input: NewMessage, guard: MessageGuard | undefined) =>
    tx(async (q): Promise<Appended | null> => {
      const [state] = await q<{ status: string; assigned_agent_id: string | null }>('SELECT status, assigned_agent_id FROM conversations WHERE id = $1 FOR UPDATE', [
        input.conversationId,
      ]);
      if (input.clientId && input.senderId) {
        const [existing] = await q<MessageRecord>('SELECT * FROM messages WHERE sender_id = $1 AND client_id = $2', [input.senderId, input.clientId]);
        if (existing) return { message: messageRow(existing), duplicate: true };
      }
      if (guard) {
        if (!state || !guard.status.includes(state.status as never)) return null;
        if (guard.assignedAgentId !== undefined && state.assigned_agent_id !== guard.assignedAgentId) return null;
      }
      const at = now();
      const message = await insertMessage(q, input, at);
      if (input.mail?.length) await insertMail(q, input.mail, at);
      return { message, duplicate: false };
    });

  return {
    async appendMessage(input, guard) {
      try {
        return await append(input, guard);
      } catch (err) {
        if (err instanceof AttachmentTaken) return null;
        // The same (sender, client id) sent into another conversation at the same moment: the unique
        // index let one in; this one is its resend.
        if (input.clientId && input.senderId && isUniqueViolation(err, 'messages_client')) {
          const first = await byClientId(input.senderId, input.clientId);
          if (first) return { message: first, duplicate: true };
        }
        throw err;
      }
    },
    async findMessageByClientId(senderId, clientId) {
      return byClientId(senderId, clientId);
    },
    async listMessages(conversationId, opts = {}) {
      const range = [conversationId, opts.afterSeq ?? 0, opts.beforeSeq ?? Number.MAX_SAFE_INTEGER, opts.limit ?? null];
      const rows = opts.newest
        ? await query<MessageRecord>(
            'SELECT * FROM (SELECT * FROM messages WHERE conversation_id = $1 AND seq > $2 AND seq < $3 ORDER BY seq DESC LIMIT $4) newest ORDER BY seq',
            range,
          )
        : await query<MessageRecord>('SELECT * FROM messages WHERE conversation_id = $1 AND seq > $2 AND seq < $3 ORDER BY seq LIMIT $4', range);
      return rows.map(messageRow);
    },
    async searchMessages({ query: asked, cursor, limit }) {
      // PostgreSQL text cannot hold a NUL (and no one searches for one).
      const text = asked.replaceAll('\0', '');
      if (!text) return [];
      const pattern = `%${text.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
      const rows = await query<{ conversation_id: string; seq: number; text: string; at: number }>(SEARCH, [pattern, cursor?.at ?? null, cursor?.id ?? null, limit]);
      return rows.map((r): SearchRow => ({ conversationId: r.conversation_id, seq: r.seq, text: r.text, at: r.at }));
    },
  };
}
