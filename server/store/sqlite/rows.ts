import type { BotMeta, ConversationStatus, Handoff, Locale, Priority, QuickReply, Author } from '../../../protocol/index.ts';
import { INITIAL_BOT_STATE, type BotState } from '../../bot/types.ts';
import type { AgentRow, ConversationRow, EventRow, MessageRow, VisitorRow } from '../store.ts';

/** Column shapes as better-sqlite3 returns them (snake_case, JSON as text). */
export interface ConversationRecord {
  id: string;
  visitor_id: string;
  status: string;
  locale: string;
  priority: string | null;
  assigned_agent_id: string | null;
  handoff: string | null;
  bot_state: string;
  page_url: string | null;
  queued_at: number | null;
  rating_score: number | null;
  rating_comment: string | null;
  resolved_at: number | null;
  created_at: number;
  updated_at: number;
}

export interface MessageRecord {
  id: string;
  conversation_id: string;
  seq: number;
  author: string;
  sender_id: string | null;
  author_name: string | null;
  text: string;
  client_id: string | null;
  quick_replies: string | null;
  bot: string | null;
  created_at: number;
}

const json = <T>(text: string | null, fallback: T): T => (text === null ? fallback : (JSON.parse(text) as T));

export function toVisitor(r: { id: string; name: string | null; email: string | null; created_at: number }): VisitorRow {
  return { id: r.id, name: r.name, email: r.email, createdAt: r.created_at };
}

export function toConversation(r: ConversationRecord): ConversationRow {
  return {
    id: r.id,
    visitorId: r.visitor_id,
    status: r.status as ConversationStatus,
    locale: r.locale as Locale,
    priority: r.priority as Priority | null,
    assignedAgentId: r.assigned_agent_id,
    handoff: json<Handoff | null>(r.handoff, null),
    // Older rows or hand edits may lack fields added later: fill them from the initial state.
    botState: { ...INITIAL_BOT_STATE, ...json<Partial<BotState>>(r.bot_state, {}) },
    pageUrl: r.page_url,
    queuedAt: r.queued_at,
    ratingScore: r.rating_score,
    ratingComment: r.rating_comment,
    resolvedAt: r.resolved_at,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

export function toMessage(r: MessageRecord): MessageRow {
  return {
    id: r.id,
    conversationId: r.conversation_id,
    seq: r.seq,
    author: r.author as Author,
    senderId: r.sender_id,
    authorName: r.author_name,
    text: r.text,
    clientId: r.client_id,
    quickReplies: json<QuickReply[]>(r.quick_replies, []),
    bot: json<BotMeta | null>(r.bot, null),
    createdAt: r.created_at,
  };
}

export function toAgent(r: { id: string; email: string; name: string; password_hash: string; created_at: number }): AgentRow {
  return { id: r.id, email: r.email, name: r.name, passwordHash: r.password_hash, createdAt: r.created_at };
}

export function toEvent(r: {
  id: number;
  conversation_id: string;
  from_status: string | null;
  to_status: string;
  actor_kind: string;
  actor_id: string | null;
  reason: string;
  at: number;
}): EventRow {
  return {
    id: r.id,
    conversationId: r.conversation_id,
    from: r.from_status as ConversationStatus | null,
    to: r.to_status as ConversationStatus,
    actor: { kind: r.actor_kind as EventRow['actor']['kind'], id: r.actor_id },
    reason: r.reason,
    at: r.at,
  };
}
