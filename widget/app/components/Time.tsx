import { signal } from '@preact/signals';
import { fullTime, relativeTime, visitorLocale } from '../times.ts';

/** The time relative texts are measured from, moved on every 30 s while any message time shows. */
const now = signal(Date.now());
let ticking = false;

/**
 * When a message was written: relative on screen, refreshed as time passes; the full date and time as its
 * title (hover) and as text for screen readers. The changing text is hidden from them: the log is a live
 * region, and a clock ticking in it would be read out again and again.
 */
export function Time({ at }: { at: number }) {
  if (!ticking) {
    ticking = true;
    setInterval(() => (now.value = Date.now()), 30_000);
  }
  const locale = visitorLocale();
  const full = fullTime(at, locale);
  return (
    <time class="meta" dateTime={new Date(at).toISOString()} title={full}>
      <span aria-hidden="true">{relativeTime(at, Math.max(now.value, Date.now()), locale)}</span>
      <span class="sr">{full}</span>
    </time>
  );
}
