/**
 * Weekday, hour and date of an instant in one time zone. Intl is slow per call and every zone's offset is
 * a multiple of 15 minutes, so the answer is kept per quarter hour: a year of conversations asks Intl
 * at most 35,136 times.
 */
export interface Calendar {
  /** 0 = Monday … 6 = Sunday, 0–23, and YYYY-MM-DD. */
  at(ms: number): { weekday: number; hour: number; date: string };
  /** Every date from the one holding `from` to the one holding `to - 1`, in order. */
  days(from: number, to: number): string[];
}

const QUARTER = 15 * 60_000;
const WEEKDAYS: Record<string, number> = { Mon: 0, Tue: 1, Wed: 2, Thu: 3, Fri: 4, Sat: 5, Sun: 6 };

export function createCalendar(timeZone: string): Calendar {
  const format = new Intl.DateTimeFormat('en-GB', { timeZone, weekday: 'short', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', hourCycle: 'h23' });
  const cache = new Map<number, { weekday: number; hour: number; date: string }>();
  const at = (ms: number) => {
    const q = Math.floor(ms / QUARTER);
    let hit = cache.get(q);
    if (!hit) {
      const parts: Record<string, string> = {};
      for (const p of format.formatToParts(q * QUARTER)) parts[p.type] = p.value;
      hit = { weekday: WEEKDAYS[parts.weekday!]!, hour: Number(parts.hour) % 24, date: `${parts.year}-${parts.month}-${parts.day}` };
      cache.set(q, hit);
    }
    return hit;
  };
  return {
    at,
    days(from, to) {
      const first = at(from).date;
      const last = at(to - 1).date;
      const out: string[] = [];
      // Calendar dates step by whole days in UTC, whatever the zone's daylight saving does.
      for (let d = Date.parse(`${first}T00:00:00Z`); ; d += 86_400_000) {
        const date = new Date(d).toISOString().slice(0, 10);
        out.push(date);
        if (date >= last) break;
      }
      return out;
    },
  };
}
