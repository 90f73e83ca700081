import type { ConversationStatus } from './conversation.ts';
import { priorityRank, type Priority } from './priority.ts';

/** The fields the queue order reads: shared by the server's rows and the console's summaries. */
export interface Queueable {
  status: ConversationStatus;
  priority: Priority | null;
  queuedAt: number | null;
  createdAt: number;
  updatedAt: number;
}

const STATUS_ORDER: Record<ConversationStatus, number> = { queued: 0, offline: 1, assigned: 2, bot: 3, resolved: 4 };
const WAITING: ReadonlySet<ConversationStatus> = new Set(['queued', 'offline', 'assigned']);

/**
 * The agents' order, one definition for server and console: waiting for a person first (queued, then
 * left a message, then assigned), each most urgent first and then longest waiting; then the bot's and the
 * resolved ones, most recent first. A queued visitor's place in the queue is their rank among the queued.
 */
export function compareForQueue(a: Queueable, b: Queueable): number {
  const byStatus = STATUS_ORDER[a.status] - STATUS_ORDER[b.status];
  if (byStatus !== 0) return byStatus;
  if (WAITING.has(a.status)) {
    const byPriority = priorityRank(a.priority) - priorityRank(b.priority);
    if (byPriority !== 0) return byPriority;
    return (a.queuedAt ?? a.createdAt) - (b.queuedAt ?? b.createdAt);
  }
  return b.updatedAt - a.updatedAt;
}
