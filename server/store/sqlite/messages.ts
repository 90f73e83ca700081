import { randomUUID } from 'node:crypto';
import type { ConversationRow, MessageRow, SearchRow } from '../rows.ts';
import type { AppendCondition, NewMessage } from '../store.ts';
import type { SqliteContext } from './context.ts';
import { conversationRow, insertedMessage, messageRow, type ConversationRecord, type MessageRecord } from '../records.ts';
import type { MessagePart } from '../parts.ts';
import type { SearchIndexer } from './search-index.ts';
import { AttachmentTaken, attachmentsColumn, listText } from '../message-attachments.ts';
import { sqliteMailInsert } from './mail.ts';

/** Trigram search needs three characters; shorter queries (退货, "ok") scan with LIKE instead. */
const TRIGRAM = 3;

const HITS = (where: string) => `
  SELECT conversation_id, seq, text, at FROM (
    SELECT m.conversation_id, m.seq, m.text, MAX(m.created_at) AS at
    FROM messages m
    WHERE ${where} AND m.author <> 'system'
    GROUP BY m.conversation_id
  )
  WHERE (? IS NULL OR at < ? OR (at = ? AND conversation_id < ?))
  ORDER BY at DESC, conversation_id DESC
  LIMIT ?`;

type Appended = { message: MessageRow; duplicate: boolean; conversation: ConversationRow | null };

/**
 * The append as a transaction function (run with `.immediate`): two statements. The conversation row is
 * updated first — its copy of the last message and of the visitor's own last words (a quick reply's label
 * is the bot's), so lists need no join; first_reply_at on the first agent message after a handoff; for a
 * bot turn, the memory and its version — and only if the guard holds and the client id is not stored yet.
 * Then the message is inserted with the next seq. Nothing updated: a resend, or a failed guard.
 */
export function sqliteAppend(ctx: SqliteContext) {
  const { db, now } = ctx;
  const insertMail = sqliteMailInsert(ctx);
  const q = {
    touch: db.prepare(
      `UPDATE conversations SET
         updated_at = @at,
         last_text = CASE WHEN @author <> 'system' THEN @text ELSE last_text END,
         last_author = CASE WHEN @author <> 'system' THEN @author ELSE last_author END,
         last_at = CASE WHEN @author <> 'system' THEN @at ELSE last_at END,
         last_visitor_text = CASE WHEN @author = 'visitor' AND @own = 1 THEN @text ELSE last_visitor_text END,
         last_visitor_at = CASE WHEN @author = 'visitor' AND @own = 1 THEN @at ELSE last_visitor_at END,
         first_reply_at = CASE WHEN @author = 'agent' AND first_reply_at IS NULL AND queued_at IS NOT NULL THEN @at ELSE first_reply_at END,
         bot_state = COALESCE(@botState, bot_state),
         bot_version = CASE WHEN @botState IS NULL THEN bot_version ELSE bot_version + 1 END
       WHERE id = @id
         AND (@statuses IS NULL OR status IN (SELECT value FROM json_each(@statuses)))
         AND (@checkAssignee = 0 OR assigned_agent_id IS @assignee)
         AND (@botVersion IS NULL OR bot_version = @botVersion)
         AND (@clientId IS NULL OR @senderId IS NULL OR NOT EXISTS (SELECT 1 FROM messages WHERE sender_id = @senderId AND client_id = @clientId))
       RETURNING *`,
    ),
    insert: db.prepare(
      `INSERT INTO messages (id, conversation_id, seq, author, sender_id, author_name, text, client_id, quick_replies, bot, attachments, created_at)
       SELECT ?, ?, COALESCE(MAX(seq), 0) + 1, ?, ?, ?, ?, ?, ?, ?, ?, ? FROM messages WHERE conversation_id = ?
       RETURNING seq`,
    ),
    // Only the sender's own upload, not yet carried by a message.
    bind: db.prepare('UPDATE attachments SET conversation_id = ?, message_id = ? WHERE id = ? AND uploader_id = ? AND message_id IS NULL'),
    byClientId: db.prepare('SELECT * FROM messages WHERE sender_id = ? AND client_id = ?'),
  };
  return db.transaction((input: NewMessage, { guard, memory }: AppendCondition = {}): Appended | null => {
    const at = now();
    const touched = q.touch.get({
      id: input.conversationId,
      at,
      author: input.author,
      text: listText(input),
      own: input.fromQuickReply ? 0 : 1,
      botState: memory ? JSON.stringify(memory.botState) : null,
      botVersion: memory ? memory.botVersion : null,
      statuses: guard ? JSON.stringify(guard.status) : null,
      checkAssignee: guard?.assignedAgentId !== undefined ? 1 : 0,
      assignee: guard?.assignedAgentId ?? null,
      clientId: input.clientId,
      senderId: input.senderId,
    }) as ConversationRecord | undefined;
    if (!touched) {
      // Nothing stored: a resend (checked first, whatever the guard says now) or a failed guard.
      const existing = input.clientId && input.senderId ? (q.byClientId.get(input.senderId, input.clientId) as MessageRecord | undefined) : undefined;
      if (existing) return { message: messageRow(existing), duplicate: true, conversation: null };
      if (guard || memory) return null;
      // Unguarded, only a missing conversation updates nothing: the insert then fails on its foreign key.
    }
    const id = randomUUID();
    const quickReplies = input.quickReplies?.length ? JSON.stringify(input.quickReplies) : null;
    const bot = input.bot ? JSON.stringify(input.bot) : null;
    const { seq } = q.insert.get(
      id, input.conversationId, input.author, input.senderId, input.authorName, input.text, input.clientId, quickReplies, bot, attachmentsColumn(input.attachments), at, input.conversationId,
    ) as { seq: number };
    for (const a of input.attachments ?? []) {
      if (q.bind.run(input.conversationId, id, a.id, input.senderId).changes !== 1) throw new AttachmentTaken();
    }
    if (input.mail?.length) insertMail(input.mail);
    // Only a bot turn reads the row back (its memory as given, not parsed again).
    return { message: insertedMessage(input, id, seq, at), duplicate: false, conversation: memory && touched ? conversationRow(touched, memory.botState) : null };
  });
}

/** Messages: numbered per conversation, stored once per client id, guarded by the conversation's state. */
export function sqliteMessages(ctx: SqliteContext, index: SearchIndexer): MessagePart {
  const { db } = ctx;
  const appendTx = sqliteAppend(ctx);
  const q = {
    byClientId: db.prepare('SELECT * FROM messages WHERE sender_id = ? AND client_id = ?'),
    oldest: db.prepare('SELECT * FROM messages WHERE conversation_id = ? AND seq > ? AND seq < ? ORDER BY seq LIMIT ?'),
    newest: db.prepare('SELECT * FROM (SELECT * FROM messages WHERE conversation_id = ? AND seq > ? AND seq < ? ORDER BY seq DESC LIMIT ?) ORDER BY seq'),
    searchFts: db.prepare(HITS('m.rowid IN (SELECT rowid FROM messages_fts WHERE messages_fts MATCH ?)')),
    searchLike: db.prepare(HITS("m.text LIKE ? ESCAPE '\\'")),
  };

  return {
    async appendMessage(input, guard) {
      try {
        const appended = appendTx.immediate(input, { guard });
        return appended && { message: appended.message, duplicate: appended.duplicate };
      } catch (err) {
        if (err instanceof AttachmentTaken) return null;
        throw err;
      }
    },
    async findMessageByClientId(senderId, clientId) {
      const r = q.byClientId.get(senderId, clientId) as MessageRecord | undefined;
      return r ? messageRow(r) : null;
    },
    async listMessages(conversationId, opts = {}) {
      const stmt = opts.newest ? q.newest : q.oldest;
      const rows = stmt.all(conversationId, opts.afterSeq ?? 0, opts.beforeSeq ?? Number.MAX_SAFE_INTEGER, opts.limit ?? -1) as MessageRecord[];
      return rows.map(messageRow);
    },
    async searchMessages({ query: asked, cursor, limit }) {
      // FTS5 reads its query as a C string: a NUL would end it mid-phrase (and no one searches for one).
      const query = asked.replaceAll('\0', '');
      if (!query) return [];
      const c = cursor ? [cursor.at, cursor.at, cursor.at, cursor.id] : [null, null, null, null];
      const trigram = [...query].length >= TRIGRAM;
      // The index trails the writes by up to half a second: what it has not reached yet is indexed first.
      if (trigram) index.catchUp();
      const rows = trigram
          ? q.searchFts.all(`"${query.replaceAll('"', '""')}"`, ...c, limit)
          : q.searchLike.all(`%${query.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`, ...c, limit);
      return (rows as Array<{ conversation_id: string; seq: number; text: string; at: number }>).map(
        (r): SearchRow => ({ conversationId: r.conversation_id, seq: r.seq, text: r.text, at: r.at }),
      );
    },
  };
}
