/** How far back the estimate looks: "median time to first agent reply over the last day". */
export const WAIT_WINDOW_MS = 24 * 60 * 60 * 1000;

/**
 * The estimated wait a queued visitor is shown: the median of recent first-reply delays, rounded up to a
 * whole minute (a promise of "about 1 minute" is kinder than "37 seconds"). Null without data.
 */
export function waitEstimate(delaysMs: number[]): number | null {
  const sorted = delaysMs.filter((d) => Number.isFinite(d) && d >= 0).sort((a, b) => a - b);
  if (sorted.length === 0) return null;
  const mid = sorted.length >> 1;
  const median = sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  return Math.max(1, Math.ceil(median / 60_000)) * 60_000;
}
