import { messageRow, type MessageRecord } from '../records.ts';
import { firstAgent, pageBounds, reportConversations, unansweredRow, type ReportConversationRecord, type ReportEventRecord, type UnansweredRecord } from '../report-records.ts';
import type { ReportPart } from '../parts.ts';
import type { SqliteContext } from './context.ts';

// Id lists travel as one JSON array (json_each): one statement shape whatever the page's length.

/** What the reports read: conversations by creation time with their event log, unanswered questions, transcripts. */
export function sqliteReports({ db }: SqliteContext): ReportPart {
  const q = {
    page: db.prepare(
      `SELECT id, status, locale, assigned_agent_id, rating_score, created_at, resolved_at FROM conversations
       WHERE created_at >= ? AND created_at < ? AND (created_at > ? OR id > ?)
       ORDER BY created_at, id LIMIT ?`,
    ),
    events: db.prepare(
      `SELECT e.conversation_id, e.from_status, e.to_status, e.actor_kind, e.actor_id, e.reason, e.priority, e.at,
         ${firstAgent('created_at')} AS first_agent_at, ${firstAgent('sender_id')} AS first_agent_id
       FROM events e WHERE e.conversation_id IN (SELECT value FROM json_each(?))
       ORDER BY e.conversation_id, e.id`,
    ),
    unanswered: db.prepare(
      `SELECT * FROM (
         SELECT b.conversation_id, b.created_at AS at, b.id, json_extract(b.bot, '$.kind') AS kind,
           (SELECT v.text FROM messages v WHERE v.conversation_id = b.conversation_id AND v.author = 'visitor' AND v.seq < b.seq
            ORDER BY v.seq DESC LIMIT 1) AS text
         FROM conversations c JOIN messages b ON b.conversation_id = c.id
         WHERE c.created_at >= ? AND c.created_at < ? AND b.author = 'bot' AND json_extract(b.bot, '$.kind') IN ('fallback', 'clarify')
       ) WHERE text IS NOT NULL
       ORDER BY at DESC, id DESC LIMIT ?`,
    ),
    transcripts: db.prepare('SELECT * FROM messages WHERE conversation_id IN (SELECT value FROM json_each(?)) ORDER BY conversation_id, seq'),
  };

  return {
    async reportConversations({ range, after, limit }) {
      const [lower, to, id] = pageBounds(range, after);
      const conversations = q.page.all(lower, to, lower, id, limit) as ReportConversationRecord[];
      if (conversations.length === 0) return [];
      const events = q.events.all(JSON.stringify(conversations.map((c) => c.id))) as ReportEventRecord[];
      return reportConversations(conversations, events);
    },
    async reportUnanswered({ range, limit }) {
      return (q.unanswered.all(range.from, range.to, limit) as UnansweredRecord[]).map(unansweredRow);
    },
    async listTranscripts(ids) {
      if (ids.length === 0) return [];
      return (q.transcripts.all(JSON.stringify(ids)) as MessageRecord[]).map(messageRow);
    },
  };
}
