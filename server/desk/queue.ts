import { priorityRank, type ConversationStatus } from '../../protocol/index.ts';
import type { ConversationRow } from '../store/store.ts';

/** Live statuses an agent's queue shows; resolved ones are added for a day after resolving. */
export const LIVE_STATUSES: ConversationStatus[] = ['queued', 'assigned', 'bot', 'offline'];
export const RESOLVED_VISIBLE_MS = 24 * 60 * 60 * 1000;

const STATUS_ORDER: Record<ConversationStatus, number> = { queued: 0, assigned: 1, bot: 2, offline: 3, resolved: 4 };

/** Queued first (most urgent, then longest waiting), then assigned, bot, offline, resolved (newest first). */
export function compareForQueue(a: ConversationRow, b: ConversationRow): number {
  const byStatus = STATUS_ORDER[a.status] - STATUS_ORDER[b.status];
  if (byStatus !== 0) return byStatus;
  if (a.status === 'queued' || a.status === 'offline') {
    const byPriority = priorityRank(a.priority) - priorityRank(b.priority);
    if (byPriority !== 0) return byPriority;
    return (a.queuedAt ?? a.createdAt) - (b.queuedAt ?? b.createdAt);
  }
  return b.updatedAt - a.updatedAt;
}

/** 1-based place among queued conversations, or null when the conversation is not queued. */
export function queuePosition(queued: ConversationRow[], id: string): number | null {
  const order = queued.filter((c) => c.status === 'queued').sort(compareForQueue);
  const i = order.findIndex((c) => c.id === id);
  return i < 0 ? null : i + 1;
}
