import type { ReportRange } from '../store/store.ts';

/** The longest range a report covers: a year, leap day included. */
export const MAX_RANGE_DAYS = 366;
const DAY = 86_400_000;
/** 2026-12-01, 2026-12-01T09:00, 2026-12-01T09:00:00.000Z, 2026-12-01T09:00:00+08:00. */
const ISO = /^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,3})?)?(?:Z|[+-]\d{2}:\d{2})?)?$/;

export type RangeResult = { ok: true; range: ReportRange } | { ok: false; reason: string };

function instant(name: string, value: unknown): number | string {
  if (typeof value !== 'string' || value === '') return `${name} is required (an ISO 8601 date or time)`;
  if (!ISO.test(value)) return `${name} is not an ISO 8601 date or time`;
  const ms = Date.parse(value);
  if (!Number.isFinite(ms)) return `${name} is not a valid date`;
  return ms;
}

/** `from` (inclusive) and `to` (exclusive) from a query string, or why not. A date alone is midnight UTC. */
export function parseRange(query: { from?: unknown; to?: unknown }): RangeResult {
  const from = instant('from', query.from);
  if (typeof from === 'string') return { ok: false, reason: from };
  const to = instant('to', query.to);
  if (typeof to === 'string') return { ok: false, reason: to };
  if (to <= from) return { ok: false, reason: 'from must be before to' };
  if (to - from > MAX_RANGE_DAYS * DAY) return { ok: false, reason: `the range is longer than ${MAX_RANGE_DAYS} days` };
  return { ok: true, range: { from, to } };
}
