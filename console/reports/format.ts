/** A duration for a lead to read: 45 s, 12 min, 3.5 h, 2.1 d. */
export function duration(ms: number | null): string {
  if (ms === null) return '—';
  const s = ms / 1000;
  if (s < 90) return `${Math.round(s)} s`;
  if (s < 90 * 60) return `${Math.round(s / 60)} min`;
  if (s < 36 * 3600) return `${(s / 3600).toFixed(1)} h`;
  return `${(s / 86400).toFixed(1)} d`;
}

export const percent = (share: number | null) => (share === null ? '—' : `${Math.round(share * 100)}%`);

/** The browser's midnight of a YYYY-MM-DD as an ISO instant: a range picked in dates means whole local days. */
export const localMidnight = (date: string) => new Date(`${date}T00:00:00`).toISOString();

export const isoDate = (d: Date) => `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
