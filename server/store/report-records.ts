import type { ConversationStatus, Locale, Priority } from '../../protocol/index.ts';
import type { ReportConversation, ReportEvent, ReportRange, UnansweredRow } from './report-rows.ts';
import type { Cursor } from './store.ts';
import type { EventRecord } from './records.ts';
import type { Actor } from './rows.ts';

// Column shapes of the report queries as both stores' drivers return them, and how each becomes a row.

export interface ReportConversationRecord {
  id: string;
  status: string;
  locale: string;
  assigned_agent_id: string | null;
  rating_score: number | null;
  created_at: number;
  resolved_at: number | null;
}

/** An event row (records.ts) with what the report query adds to it. */
export interface ReportEventRecord extends Omit<EventRecord, 'id'> {
  priority: string | null;
  first_agent_at: number | null;
  first_agent_id: string | null;
}

export interface UnansweredRecord {
  conversation_id: string;
  text: string;
  kind: string;
  at: number;
}

/**
 * The page query's bounds: created at or after `lower` and before `to`, and past the cursor's id where the
 * time equals `lower` (every id is past ''). One range on (created_at, id), so each page starts where the
 * index says, not by skipping the pages before it.
 */
export const pageBounds = (range: ReportRange, after: Cursor | null): [number, number, string] => [after?.at ?? range.from, range.to, after?.id ?? ''];

/** A handoff is the bot's move out of 'bot' (to the queue or straight to an agent). */
export const HANDOFF_EVENT = "e.actor_kind = 'bot' AND e.from_status = 'bot' AND e.to_status IN ('queued', 'assigned')";

/** The first agent message at or after a handoff event `e` (column `col` of it); null on other events. */
export const firstAgent = (col: 'created_at' | 'sender_id') => `CASE WHEN ${HANDOFF_EVENT} THEN (
    SELECT m.${col} FROM messages m WHERE m.conversation_id = e.conversation_id AND m.author = 'agent' AND m.created_at >= e.at
    ORDER BY m.seq LIMIT 1) END`;

const reportEvent = (r: ReportEventRecord): ReportEvent => ({
  from: r.from_status as ConversationStatus | null,
  to: r.to_status as ConversationStatus,
  actor: { kind: r.actor_kind as Actor['kind'], id: r.actor_id },
  reason: r.reason,
  priority: r.priority as Priority | null,
  at: r.at,
  firstAgentAt: r.first_agent_at,
  firstAgentId: r.first_agent_id,
});

/** The page's conversations in order, each with its events (which come ordered by conversation and id). */
export function reportConversations(conversations: ReportConversationRecord[], events: ReportEventRecord[]): ReportConversation[] {
  const byId = new Map<string, ReportEvent[]>();
  for (const e of events) {
    const list = byId.get(e.conversation_id) ?? [];
    list.push(reportEvent(e));
    byId.set(e.conversation_id, list);
  }
  return conversations.map((c) => ({
    id: c.id,
    status: c.status as ConversationStatus,
    locale: c.locale as Locale,
    assignedAgentId: c.assigned_agent_id,
    ratingScore: c.rating_score,
    createdAt: c.created_at,
    resolvedAt: c.resolved_at,
    events: byId.get(c.id) ?? [],
  }));
}

export const unansweredRow = (r: UnansweredRecord): UnansweredRow => ({
  conversationId: r.conversation_id,
  text: r.text,
  kind: r.kind as UnansweredRow['kind'],
  at: r.at,
});
