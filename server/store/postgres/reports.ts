import { messageRow, type MessageRecord } from '../records.ts';
import { firstAgent, pageBounds, reportConversations, unansweredRow, type ReportConversationRecord, type ReportEventRecord, type UnansweredRecord } from '../report-records.ts';
import type { ReportPart } from '../parts.ts';
import type { PgContext } from './context.ts';

const PAGE = `
  SELECT id, status, locale, assigned_agent_id, rating_score, created_at, resolved_at FROM conversations
  WHERE created_at >= $1 AND created_at < $2 AND (created_at > $1 OR id > $3)
  ORDER BY created_at, id LIMIT $4`;

const EVENTS = `
  SELECT e.conversation_id, e.from_status, e.to_status, e.actor_kind, e.actor_id, e.reason, e.priority, e.at,
    ${firstAgent('created_at')} AS first_agent_at, ${firstAgent('sender_id')} AS first_agent_id
  FROM events e WHERE e.conversation_id = ANY($1::text[])
  ORDER BY e.conversation_id, e.id`;

const UNANSWERED = `
  SELECT conversation_id, at, kind, text FROM (
    SELECT b.conversation_id, b.created_at AS at, b.id, (b.bot::jsonb)->>'kind' AS kind,
      (SELECT v.text FROM messages v WHERE v.conversation_id = b.conversation_id AND v.author = 'visitor' AND v.seq < b.seq
       ORDER BY v.seq DESC LIMIT 1) AS text
    FROM conversations c JOIN messages b ON b.conversation_id = c.id
    WHERE c.created_at >= $1 AND c.created_at < $2 AND b.author = 'bot' AND (b.bot::jsonb)->>'kind' IN ('fallback', 'clarify')
  ) asked WHERE text IS NOT NULL
  ORDER BY at DESC, id DESC LIMIT $3`;

/** What the reports read: conversations by creation time with their event log, unanswered questions, transcripts. */
export function pgReports({ query }: PgContext): ReportPart {
  return {
    async reportConversations({ range, after, limit }) {
      const conversations = await query<ReportConversationRecord>(PAGE, [...pageBounds(range, after), limit]);
      if (conversations.length === 0) return [];
      const events = await query<ReportEventRecord>(EVENTS, [conversations.map((c) => c.id)]);
      return reportConversations(conversations, events);
    },
    async reportUnanswered({ range, limit }) {
      return (await query<UnansweredRecord>(UNANSWERED, [range.from, range.to, limit])).map(unansweredRow);
    },
    async listTranscripts(ids) {
      if (ids.length === 0) return [];
      return (await query<MessageRecord>('SELECT * FROM messages WHERE conversation_id = ANY($1::text[]) ORDER BY conversation_id, seq', [ids])).map(messageRow);
    },
  };
}
