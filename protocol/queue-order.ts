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

const STATUS_ORDER: Record<ConversationStatus, number> = { queued: 0, assigned: 1, bot: 2, offline: 3, resolved: 4 };

/**
 * The agents' queue order, one definition for server and console: queued first (most urgent, then
 * longest waiting), then assigned, with the bot, left a message (by urgency too), resolved (newest first).
 */
export function compareForQueue(a: Queueable, b: Queueable): number {
  const byStatus = STATUS_ORDER[a.status] - STATUS_ORDER[b.status];
  if (byStatus !== 0) return byStatus;
  if (a.status === 'queued' || a.status === 'offline') {
    const byPriority = priorityRank(a.priority) - priorityRank(b.priority);
    if (byPriority !== 0) return byPriority;
    return (a.queuedAt ?? a.createdAt) - (b.queuedAt ?? b.createdAt);
  }
  return b.updatedAt - a.updatedAt;
}
