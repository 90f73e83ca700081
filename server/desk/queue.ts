import { compareForQueue, type ConversationStatus } from '../../protocol/index.ts';
import type { ConversationRow } from '../store/store.ts';

/** Live statuses an agent's queue shows; resolved ones are added for a day after resolving. */
export const LIVE_STATUSES: ConversationStatus[] = ['queued', 'assigned', 'bot', 'offline'];
export const RESOLVED_VISIBLE_MS = 24 * 60 * 60 * 1000;

/** 1-based place among queued conversations, or null when the conversation is not queued. */
export function queuePosition(queued: ConversationRow[], id: string): number | null {
  const order = queued.filter((c) => c.status === 'queued').sort(compareForQueue);
  const i = order.findIndex((c) => c.id === id);
  return i < 0 ? null : i + 1;
}
