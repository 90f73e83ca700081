import type { BotKind, ConversationStatus, Locale, Priority } from '../../protocol/index.ts';
import type { Actor } from './rows.ts';

// What the reports read: a range's conversations with their event log, and the questions the bot could not
// answer. Times are epoch milliseconds; a range is [from, to) by the conversation's creation time.

export interface ReportRange {
  from: number;
  to: number;
}

/** One row of the event log, as the reports replay it. */
export interface ReportEvent {
  from: ConversationStatus | null;
  to: ConversationStatus;
  actor: Actor;
  reason: string;
  /** Set on a handoff's event: the priority the bot gave it. */
  priority: Priority | null;
  at: number;
  /** On a handoff's event (the bot's move out of 'bot'): the first agent message at or after it, and who wrote it. */
  firstAgentAt: number | null;
  firstAgentId: string | null;
}

export interface ReportConversation {
  id: string;
  status: ConversationStatus;
  locale: Locale;
  assignedAgentId: string | null;
  ratingScore: number | null;
  createdAt: number;
  resolvedAt: number | null;
  /** The event log, oldest first. */
  events: ReportEvent[];
}

/** A visitor's words the bot answered with a fallback or a clarifying question. */
export interface UnansweredRow {
  conversationId: string;
  text: string;
  kind: Extract<BotKind, 'fallback' | 'clarify'>;
  at: number;
}
