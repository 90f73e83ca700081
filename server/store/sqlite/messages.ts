import { randomUUID } from 'node:crypto';
import type { MessageRow, SearchRow } from '../rows.ts';
import type { MessageGuard, NewMessage } from '../store.ts';
import type { SqliteContext } from './context.ts';
import { messageRow, type MessageRecord } from '../records.ts';
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

/**
 * The append as a transaction function: run on its own (`.immediate`) or inside a caller's transaction (a
 * bot turn's, where it nests as a savepoint).
 */
export function sqliteAppend(ctx: SqliteContext) {
  const { db, now } = ctx;
  const insertMail = sqliteMailInsert(ctx);
  const q = {
    nextSeq: db.prepare('SELECT COALESCE(MAX(seq), 0) + 1 AS seq FROM messages WHERE conversation_id = ?'),
    insert: db.prepare(
      `INSERT INTO messages (id, conversation_id, seq, author, sender_id, author_name, text, client_id, quick_replies, bot, attachments, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    // Only the sender's own upload, not yet carried by a message.
    bind: db.prepare('UPDATE attachments SET conversation_id = ?, message_id = ? WHERE id = ? AND uploader_id = ? AND message_id IS NULL'),
    guardState: db.prepare('SELECT status, assigned_agent_id FROM conversations WHERE id = ?'),
    // The conversation row carries its last message and the visitor's own last words (a quick reply's label
    // is the bot's), so lists need no join;
    // the first agent message after a handoff sets first_reply_at (the wait estimate and reports read it).
    touch: db.prepare(
      `UPDATE conversations SET
         updated_at = @at,
         last_text = CASE WHEN @author <> 'system' THEN @text ELSE last_text END,
         last_author = CASE WHEN @author <> 'system' THEN @author ELSE last_author END,
         last_at = CASE WHEN @author <> 'system' THEN @at ELSE last_at END,
         last_visitor_text = CASE WHEN @author = 'visitor' AND @own = 1 THEN @text ELSE last_visitor_text END,
         last_visitor_at = CASE WHEN @author = 'visitor' AND @own = 1 THEN @at ELSE last_visitor_at END,
         first_reply_at = CASE WHEN @author = 'agent' AND first_reply_at IS NULL AND queued_at IS NOT NULL THEN @at ELSE first_reply_at END
       WHERE id = @id`,
    ),
    byClientId: db.prepare('SELECT * FROM messages WHERE sender_id = ? AND client_id = ?'),
  };
  return db.transaction((input: NewMessage, guard: MessageGuard | undefined): { message: MessageRow; duplicate: boolean } | null => {
    if (input.clientId && input.senderId) {
      const existing = q.byClientId.get(input.senderId, input.clientId) as MessageRecord | undefined;
      if (existing) return { message: messageRow(existing), duplicate: true };
    }
    if (guard) {
      const state = q.guardState.get(input.conversationId) as { status: string; assigned_agent_id: string | null } | undefined;
      if (!state || !guard.status.includes(state.status as never)) return null;
      if (guard.assignedAgentId !== undefined && state.assigned_agent_id !== guard.assignedAgentId) return null;
    }
    const { seq } = q.nextSeq.get(input.conversationId) as { seq: number };
    const id = randomUUID();
    const at = now();
    const quickReplies = input.quickReplies?.length ? JSON.stringify(input.quickReplies) : null;
    const bot = input.bot ? JSON.stringify(input.bot) : null;
    q.insert.run(id, input.conversationId, seq, input.author, input.senderId, input.authorName, input.text, input.clientId, quickReplies, bot, attachmentsColumn(input.attachments), at);
    for (const a of input.attachments ?? []) {
      if (q.bind.run(input.conversationId, id, a.id, input.senderId).changes !== 1) throw new AttachmentTaken();
    }
    q.touch.run({ at, author: input.author, text: listText(input), id: input.conversationId, own: input.fromQuickReply ? 0 : 1 });
    if (input.mail?.length) insertMail(input.mail);
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
        attachments: input.attachments ?? [],
        createdAt: at,
      },
      duplicate: false,
    };
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
        return appendTx.immediate(input, guard);
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
