import type { ErasedCounts } from './store.ts';

/** Counts of an erasure that has deleted nothing yet; both engines add to them. */
export const noneErased = (): ErasedCounts => ({ visitors: 0, conversations: 0, messages: 0, events: 0, notes: 0, flags: 0 });

/** Adds `b` into `a`. */
export function addErased(a: ErasedCounts, b: ErasedCounts): ErasedCounts {
  for (const k of Object.keys(a) as Array<keyof ErasedCounts>) a[k] += b[k];
  return a;
}

/** Statuses a conversation is over in: retention takes these, never one a person still owes an answer. */
export const OVER_STATUSES = ['resolved', 'bot'] as const;
