import { z } from 'zod';

/**
 * Handoff priority, after complaint-handling practice:
 * urgent — safety risk, legal threat, media exposure, personal-data leak, discrimination;
 * high — serious product or quality failure, strong frustration;
 * normal — service or process problems; low — routine questions.
 */
export const PRIORITIES = ['urgent', 'high', 'normal', 'low'] as const;
export const PrioritySchema = z.enum(PRIORITIES);
export type Priority = z.infer<typeof PrioritySchema>;

/** Lower rank = more urgent; the agent queue sorts by (rank, waiting since). */
export function priorityRank(p: Priority | null): number {
  return p === null ? PRIORITIES.length : PRIORITIES.indexOf(p);
}
