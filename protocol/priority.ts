/**
 * Handoff priority, after complaint-handling practice:
 * urgent — safety risk, legal threat, media exposure, personal-data leak, discrimination;
 * high — serious product or quality failure, strong frustration;
 * normal — service or process problems; low — routine questions.
 *
 * No zod here: the console imports the order, and a browser bundle should not carry the validator.
 * The schema is in priority-schema.ts.
 */
export const PRIORITIES = ['urgent', 'high', 'normal', 'low'] as const;
export type Priority = (typeof PRIORITIES)[number];

/** Lower rank = more urgent; the agent queue sorts by (rank, waiting since). */
export function priorityRank(p: Priority | null): number {
  return p === null ? PRIORITIES.length : PRIORITIES.indexOf(p);
}
