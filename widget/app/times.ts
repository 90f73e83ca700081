// Message times in the visitor's own language and conventions: "now", "5 min. ago", "yesterday", "Dec 1,
// 9:05 AM" on the message, the full date and time beside it for hover and screen readers.

/** The visitor's first browser language that matches the widget's (en-GB keeps its own date order), else the widget's. */
export function visitorLocale(): string {
  const lang = document.documentElement.lang;
  return navigator.languages.find((l) => l.startsWith(lang.slice(0, 2))) || lang;
}

// Formatters are slow to build and every message shows a time: one of each per locale.
const made = new Map<string, Intl.RelativeTimeFormat | Intl.DateTimeFormat>();
const cached = <T extends Intl.RelativeTimeFormat | Intl.DateTimeFormat>(key: string, make: () => T): T =>
  (made.get(key) as T | undefined) ?? (made.set(key, make()), made.get(key) as T);

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** How long ago `at` was, as of `now`: relative up to a week, then the date and time. */
export function relativeTime(at: number, now: number, locale: string): string {
  const ago = Math.max(0, now - at);
  const rel = cached(`r${locale}`, () => new Intl.RelativeTimeFormat(locale, { numeric: 'auto', style: 'short' }));
  if (ago < MINUTE) return rel.format(0, 'second');
  if (ago < HOUR) return rel.format(-Math.floor(ago / MINUTE), 'minute');
  if (ago < DAY) return rel.format(-Math.floor(ago / HOUR), 'hour');
  if (ago < 7 * DAY) return rel.format(-Math.floor(ago / DAY), 'day');
  return cached(`d${locale}`, () => new Intl.DateTimeFormat(locale, { month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit' })).format(at);
}

/** "Wednesday, December 2, 2026 at 9:41 AM", "2026年12月2日星期三 09:41". */
export const fullTime = (at: number, locale: string): string =>
  cached(`f${locale}`, () => new Intl.DateTimeFormat(locale, { dateStyle: 'full', timeStyle: 'short' })).format(at);
