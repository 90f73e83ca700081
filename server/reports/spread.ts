import type { Spread } from '../../protocol/index.ts';

/** Nearest-rank percentile (the smallest value with at least p of the values at or below it). */
function rank(sorted: Float64Array, p: number): number {
  return sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)]!;
}

/** Median and p90 of durations; a typed array, so a year of handoffs costs 8 bytes each. */
export function spread(values: number[]): Spread {
  if (values.length === 0) return { count: 0, median: null, p90: null };
  const sorted = Float64Array.from(values).sort();
  return { count: values.length, median: rank(sorted, 0.5), p90: rank(sorted, 0.9) };
}
