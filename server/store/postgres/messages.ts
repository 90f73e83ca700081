import { randomUUID } from 'node:crypto';
import { conversationRow, insertedMessage, messageRow, type ConversationRecord, type MessageRecord } from '../records.ts';
import type { ConversationRow, MessageRow, SearchRow } from '../rows.ts';
import type { AppendCondition, MessageGuard, NewMessage } from '../store.ts';
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

/**
 * An append in one statement, without a transaction: one round trip. The conversation row is updated first
 * — its copy of the last message and of the visitor's own last words (a quick reply's label is the bot's),
 * so lists need no join; first_reply_at on the first agent message after a handoff; for a bot turn, the
 * memory and its version — and only if the guard holds on its newest version (an UPDATE that waited for
 * another writer's lock checks its WHERE again on the row that writer committed) and the client id is not
 * stored yet. That UPDATE locks the row, then the message is inserted with the next seq. No row back: the
 * guard failed, the conversation is missing, or the message is a resend.
 *
 * The seq is MAX + 1 as this statement's snapshot saw it: when another append to the same conversation
 * committed while this one waited for the row lock, that seq is taken and the UNIQUE (conversation_id, seq)
 * index refuses the insert — the whole statement rolls back, and the caller appends again under the lock.
 */
const append = (withRow: boolean) => `
  WITH touched AS (
    UPDATE conversations SET
      updated_at = $10::bigint,
      last_text = CASE WHEN $3::text <> 'system' THEN $13::text ELSE last_text END,
      last_author = CASE WHEN $3::text <> 'system' THEN $3::text ELSE last_author END,
      last_at = CASE WHEN $3::text <> 'system' THEN $10::bigint ELSE last_at END,
      last_visitor_text = CASE WHEN $3::text = 'visitor' AND $11::boolean THEN $13::text ELSE last_visitor_text END,
      last_visitor_at = CASE WHEN $3::text = 'visitor' AND $11::boolean THEN $10::bigint ELSE last_visitor_at END,
      first_reply_at = CASE WHEN $3::text = 'agent' AND first_reply_at IS NULL AND queued_at IS NOT NULL THEN $10::bigint ELSE first_reply_at END,
      bot_state = COALESCE($17::text, bot_state),
      bot_version = CASE WHEN $17::text IS NULL THEN bot_version ELSE bot_version + 1 END
    WHERE id = $2::text
      AND ($14::text[] IS NULL OR status = ANY($14::text[]))
      AND (NOT $15::boolean OR assigned_agent_id IS NOT DISTINCT FROM $16::text)
      AND ($18::int IS NULL OR bot_version = $18::int)
      AND ($7::text IS NULL OR $4::text IS NULL OR NOT EXISTS (SELECT 1 FROM messages WHERE sender_id = $4::text AND client_id = $7::text))
    RETURNING *
  ), added AS (
    INSERT INTO messages (id, conversation_id, seq, author, sender_id, author_name, text, client_id, quick_replies, bot, created_at, attachments)
    SELECT $1, $2::text, (SELECT COALESCE(MAX(seq), 0) + 1 FROM messages WHERE conversation_id = $2::text), $3::text, $4::text, $5, $6::text, $7::text, $8, $9, $10::bigint, $12
    FROM touched
    RETURNING seq
  )
  SELECT ${withRow ? 'touched.*, ' : ''}added.seq AS added_seq FROM touched, added`;
/** The conversation row comes back only for a bot turn, which returns it. */
const APPEND = append(false);
const APPEND_RETURNING_ROW = append(true);

/** The seq index: another append took the seq this statement's snapshot offered. */
const SEQ_INDEX = 'messages_conversation_id_seq_key';

/**
 * Appends a message (see APPEND); null when nothing was stored: the guard or the memory's version failed,
 * the conversation is missing, or the client id is stored already (the caller tells which). With
 * attachments, the sender's uploads are bound in the same transaction (the caller's), else AttachmentTaken
 * rolls it back.
 */
export async function insertMessage(q: Query, input: NewMessage, at: number, when: AppendCondition = {}): Promise<{ message: MessageRow; conversation: ConversationRow | null } | null> {
  const id = randomUUID();
  const { guard, memory } = when;
  const [row] = await q<ConversationRecord & { added_seq: number }>(memory ? APPEND_RETURNING_ROW : APPEND, [
    id,
    input.conversationId,
    input.author,
    input.senderId,
    input.authorName,
    input.text,
    input.clientId,
    input.quickReplies?.length ? JSON.stringify(input.quickReplies) : null,
    input.bot ? JSON.stringify(input.bot) : null,
    at,
    !input.fromQuickReply,
    attachmentsColumn(input.attachments),
    listText(input),
    guard ? guard.status : null,
    guard?.assignedAgentId !== undefined,
    guard?.assignedAgentId ?? null,
    memory ? JSON.stringify(memory.botState) : null,
    memory ? memory.botVersion : null,
  ]);
  if (!row) return null;
  const message = insertedMessage(input, id, row.added_seq, at);
  if (input.attachments?.length) {
    // Only the sender's own uploads, not yet carried by a message; else the caller's transaction rolls back.
    const bound = await q(
      'UPDATE attachments SET conversation_id = $1, message_id = $2 WHERE id = ANY($3::text[]) AND uploader_id = $4 AND message_id IS NULL RETURNING id',
      [input.conversationId, message.id, input.attachments.map((a) => a.id), input.senderId],
    );
    if (bound.length !== new Set(input.attachments.map((a) => a.id)).size) throw new AttachmentTaken();
  }
  // Only a bot turn reads the row back (its memory as given, not parsed again).
  return { message, conversation: memory ? conversationRow(row, memory.botState) : null };
}

/**
 * An append that needs no transaction of its own (no files to bind) runs as one statement; one whose seq was
 * taken meanwhile (see APPEND), or that binds files, runs in a transaction that locks the conversation's
 * row first (FOR UPDATE): appends to one conversation from any number of nodes then take turns, so the next
 * statement's snapshot sees every seq taken. Without the lock a busy conversation would keep refusing seqs.
 */
export async function appendOnce<T>(
  { query, tx }: Pick<PgContext, 'query' | 'tx'>,
  conversationId: string,
  alone: boolean,
  work: (q: Query) => Promise<T>,
): Promise<T> {
  if (alone) {
    try {
      return await work(query);
    } catch (err) {
      if (!isUniqueViolation(err, SEQ_INDEX)) throw err;
    }
  }
  return tx(async (q) => {
    await q('SELECT 1 FROM conversations WHERE id = $1 FOR UPDATE', [conversationId]);
    return work(q);
  });
}

/**
 * Messages: numbered per conversation, stored once per client id, guarded by the conversation's state; an
 * append is one statement (see APPEND and appendOnce).
 */
export function pgMessages(ctx: PgContext): MessagePart {
  const { query } = ctx;
  const byClientId = async (q: Query, senderId: string, clientId: string) => {
    const [r] = await q<MessageRecord>('SELECT * FROM messages WHERE sender_id = $1 AND client_id = $2', [senderId, clientId]);
    return r ? messageRow(r) : null;
  };

  const append = (input: NewMessage, guard: MessageGuard | undefined) =>
    // Mail queued with the message (an agent's reply) needs the transaction: the message and its mail, or neither.
    appendOnce(ctx, input.conversationId, !input.attachments?.length && !input.mail?.length, async (q): Promise<Appended | null> => {
      const at = ctx.now();
      const added = await insertMessage(q, input, at, { guard });
      if (added) {
        if (input.mail?.length) await insertMail(q, input.mail, at);
        return { message: added.message, duplicate: false };
      }
      // Nothing stored: a resend (checked first, whatever the guard says now) or a failed guard.
      const existing = input.clientId && input.senderId ? await byClientId(q, input.senderId, input.clientId) : null;
      if (existing) return { message: existing, duplicate: true };
      // Unguarded, only a missing conversation updates nothing: an error, as the foreign key says.
      if (!guard) throw new Error(`no conversation ${input.conversationId} to append to`);
      return null;
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
          const first = await byClientId(query, input.senderId, input.clientId);
          if (first) return { message: first, duplicate: true };
        }
        throw err;
      }
    },
    async findMessageByClientId(senderId, clientId) {
      return byClientId(query, senderId, clientId);
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
