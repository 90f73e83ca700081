import type { Locale } from '../../protocol/index.ts';

// The mail outbox as the store sees it: rows to send, claimed by one worker at a time.

/**
 * reply: an agent's answer to a visitor who is not connected; transcript: the conversation, asked for by
 * the visitor; left-message: to agents who opted in, a message left while nobody was online; rating: a day
 * after a chat ended unrated, 1–5 links (server/mail/rating-links.ts).
 */
export type MailKind = 'reply' | 'transcript' | 'left-message' | 'rating';

/**
 * queued → sending (claimed) → sent, or back to queued with a later attempt, or failed after the last, or
 * cancelled when it was no longer needed at sending time (a rating request for a chat rated meanwhile).
 */
export type MailStatus = 'queued' | 'sending' | 'sent' | 'failed' | 'cancelled';

export interface NewMail {
  conversationId: string | null;
  kind: MailKind;
  recipient: string;
  locale: Locale;
  /** What the template needs, as JSON; frozen when queued, so the mail says what was true then. */
  payload: Record<string, unknown>;
  /** Not sent before this instant (default: at once). */
  notBefore?: number;
}

export interface MailRow {
  id: string;
  conversationId: string | null;
  kind: MailKind;
  recipient: string;
  locale: Locale;
  payload: Record<string, unknown>;
  status: MailStatus;
  /** Attempts started (a claim counts one). */
  attempts: number;
  nextAttemptAt: number;
  lastError: string | null;
  createdAt: number;
  sentAt: number | null;
}

/** What a worker reports after trying a claimed row. `retryAt: null` gives up: the row is 'failed'. */
export type MailOutcome = { sent: true } | { sent: false; error: string; retryAt: number | null } | { cancelled: string };

export interface MailRecord {
  id: string;
  conversation_id: string | null;
  kind: string;
  recipient: string;
  locale: string;
  payload: string;
  status: string;
  attempts: number;
  next_attempt_at: number;
  last_error: string | null;
  created_at: number;
  sent_at: number | null;
}

export function mailRow(r: MailRecord): MailRow {
  return {
    id: r.id,
    conversationId: r.conversation_id,
    kind: r.kind as MailKind,
    recipient: r.recipient,
    locale: r.locale as Locale,
    payload: JSON.parse(r.payload) as Record<string, unknown>,
    status: r.status as MailStatus,
    attempts: r.attempts,
    nextAttemptAt: r.next_attempt_at,
    lastError: r.last_error,
    createdAt: r.created_at,
    sentAt: r.sent_at,
  };
}
