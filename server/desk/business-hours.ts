/**
 * Business hours per weekday in one time zone, e.g. "mon-fri 09:00-17:30; sat 10:00-14:00" in
 * Europe/Berlin. Outside them the widget says so and a handoff offers the leave-a-message form at once.
 * Pure: the clock is an argument.
 */
export interface BusinessHours {
  /** True when no hours are configured: always open. */
  always: boolean;
  /** The hours as written ("mon-fri 09:00-17:30"); null when always open. */
  spec: string | null;
  timeZone: string;
  isOpen(now: number): boolean;
  /** The next moment the hours open (now, if open now); null when always open or never. */
  nextOpening(now: number): number | null;
  /** The configured text, for logs and the console. */
  describe(): string;
}

const DAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
const MINUTES_PER_DAY = 24 * 60;

/** Minutes after local midnight, per weekday (0 = Monday): [start, end) ranges. */
type Week = Array<Array<[number, number]>>;

export class BusinessHoursError extends Error {
  override name = 'BusinessHoursError';
}

function minutes(hhmm: string, where: string): number {
  const m = /^(\d{1,2}):(\d{2})$/.exec(hhmm);
  if (!m || Number(m[1]) > 24 || Number(m[2]) > 59 || (Number(m[1]) === 24 && m[2] !== '00')) {
    throw new BusinessHoursError(`"${where}": ${hhmm} is not a time like 09:00`);
  }
  return Number(m[1]) * 60 + Number(m[2]);
}

function dayIndex(name: string, where: string): number {
  const i = DAYS.indexOf(name.slice(0, 3).toLowerCase() as (typeof DAYS)[number]);
  if (i < 0) throw new BusinessHoursError(`"${where}": ${name} is not a weekday (mon … sun)`);
  return i;
}

/** "mon-fri 09:00-17:30; sat 10:00-14:00" (ranges may also be split with commas: "mon 09:00-12:00, 13:00-17:00"). */
export function parseWeek(spec: string): Week {
  const week: Week = DAYS.map(() => []);
  for (const part of spec.split(';').map((s) => s.trim()).filter(Boolean)) {
    const m = /^([a-z]+)(?:\s*-\s*([a-z]+))?\s+(.+)$/i.exec(part);
    if (!m) throw new BusinessHoursError(`"${part}": expected days then times, like "mon-fri 09:00-17:00"`);
    const first = dayIndex(m[1]!, part);
    const last = m[2] ? dayIndex(m[2], part) : first;
    const ranges = m[3]!.split(',').map((r) => {
      const [from, to] = r.trim().split('-').map((t) => t?.trim() ?? '');
      if (!from || !to) throw new BusinessHoursError(`"${part}": ${r.trim()} is not a range like 09:00-17:00`);
      const range: [number, number] = [minutes(from, part), minutes(to, part)];
      if (range[1] <= range[0]) throw new BusinessHoursError(`"${part}": ${r.trim()} ends before it starts`);
      return range;
    });
    for (let d = first; ; d = (d + 1) % 7) {
      week[d]!.push(...ranges);
      if (d === last) break;
    }
  }
  for (const day of week) day.sort((a, b) => a[0] - b[0]);
  return week;
}

export function assertTimeZone(timeZone: string): void {
  try {
    new Intl.DateTimeFormat('en', { timeZone });
  } catch {
    throw new BusinessHoursError(`${timeZone} is not a time zone (use an IANA name such as Europe/Berlin or Asia/Shanghai)`);
  }
}

/** `spec` null or empty: always open. Throws BusinessHoursError on a malformed spec or zone. */
export function createBusinessHours(spec: string | null, timeZone: string): BusinessHours {
  assertTimeZone(timeZone);
  if (!spec?.trim()) {
    return { always: true, spec: null, timeZone, isOpen: () => true, nextOpening: () => null, describe: () => 'always open' };
  }
  const week = parseWeek(spec);
  const format = new Intl.DateTimeFormat('en-US', { timeZone, weekday: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });

  /** Weekday (0 = Monday) and minutes after midnight, in the shop's zone. */
  const local = (t: number): { day: number; minute: number } => {
    const parts = Object.fromEntries(format.formatToParts(t).map((p) => [p.type, p.value]));
    return { day: dayIndex(parts.weekday!, 'clock'), minute: Number(parts.hour) * 60 + Number(parts.minute) };
  };
  const openAt = (t: number) => {
    const { day, minute } = local(t);
    return week[day]!.some(([from, to]) => minute >= from && minute < to);
  };

  return {
    always: false,
    spec: spec.trim(),
    timeZone,
    isOpen: openAt,
    nextOpening(now) {
      if (openAt(now)) return now;
      const here = local(now);
      const startOfMinute = now - (now % 60_000);
      for (let ahead = 0; ahead <= 7; ahead++) {
        const day = (here.day + ahead) % 7;
        for (const [from] of week[day]!) {
          const delta = ahead * MINUTES_PER_DAY + from - here.minute;
          if (delta <= 0) continue;
          // Local minutes ahead become UTC ms; a daylight-saving change in between is corrected once.
          let at = startOfMinute + delta * 60_000;
          const got = local(at);
          const drift = ((from - got.minute + MINUTES_PER_DAY + MINUTES_PER_DAY / 2) % MINUTES_PER_DAY) - MINUTES_PER_DAY / 2;
          at += drift * 60_000;
          if (at > now) return at;
        }
      }
      return null;
    },
    describe: () => `${spec.trim()} (${timeZone})`,
  };
}
