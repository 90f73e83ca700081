import type { ConversationStatus, ConversationSummary } from '../protocol/conversation.ts';
import type { ErrorCode } from '../protocol/errors.ts';
import type { Priority } from '../protocol/priority.ts';
import type { VisitorProfile } from '../protocol/visitor.ts';
import { closeBidi } from '../widget/app/links.ts';

export const PRIORITY_LABEL: Record<Priority, string> = { urgent: 'Urgent', high: 'High', normal: 'Normal', low: 'Low' };

export const STATUS_LABEL: Record<ConversationStatus, string> = {
  bot: 'With the bot',
  queued: 'Waiting',
  assigned: 'Assigned',
  resolved: 'Resolved',
  offline: 'Left a message',
};

/** The name they gave, else their stable label ("Visitor 7F3A"): rows must be told apart at a glance. */
export const visitorName = (v: VisitorProfile): string => v.name ?? v.label;

/**
 * Someone else's words inside a plain string (a notification, a banner, the live region): between U+2068 and
 * U+2069, with what they open closed, so their bidi controls reorder nothing around them. In the page,
 * components/Isolated.tsx does the same with <bdi>.
 */
export const isolated = (text: string): string => `\u2068${closeBidi(text)}\u2069`;

/** What the visitor said last in their own words (a quick reply clicked does not count), for a row or an alert. */
export function visitorWords(c: ConversationSummary): string | null {
  return (c.lastVisitorMessage?.text ?? c.handoff?.summary)?.split('\n', 1)[0] || null;
}

/** "just now", "4 min", "2 h 5 min": how long someone has been waiting. */
export function waited(since: number, now: number): string {
  const min = Math.max(0, Math.floor((now - since) / 60_000));
  if (min < 1) return 'just now';
  if (min < 60) return `${min} min`;
  const h = Math.floor(min / 60);
  return `${h} h ${min % 60} min`;
}

export const clock = (at: number) => new Date(at).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });

/** Today's times as a clock; older ones with their date. */
export function when(at: number, now = Date.now()): string {
  const d = new Date(at);
  return new Date(now).toDateString() === d.toDateString() ? clock(at) : d.toLocaleString([], { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' });
}

/** Plain words for the closed list of error codes. */
export const ERROR_TEXT: Record<ErrorCode | 'network', string> = {
  invalid_payload: 'That could not be sent: check the text and try again.',
  unauthorized: 'Your session has ended. Please sign in again.',
  forbidden: 'This conversation is assigned to someone else.',
  not_found: 'This conversation no longer exists.',
  conflict: 'Another agent took this conversation first.',
  unavailable: 'That agent is away or offline now. Choose someone else.',
  rate_limited: 'Too many attempts. Please wait a moment and try again.',
  too_large: 'That is too long to send (files: 10 MB at most).',
  unsupported_type: 'Only images (JPEG, PNG, WebP, GIF) and PDF files can be sent.',
  not_ready: 'Still connecting — try again in a moment.',
  busy: 'The server is very busy. Try again in a few seconds.',
  unverified: 'That identity could not be verified.',
  internal: 'Something went wrong on our side. Please try again.',
  network: 'Cannot reach the server. Check your connection.',
};
