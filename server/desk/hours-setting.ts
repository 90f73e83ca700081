import { z } from 'zod';
import { logFailure, type Logger } from '../log.ts';
import type { Store } from '../store/store.ts';
import { BusinessHoursError, createBusinessHours, type BusinessHours } from './business-hours.ts';

/** The settings row admins' edits are kept in, shared by every node. */
export const HOURS_SETTING = 'business_hours';
/** How often each node looks for an edit made on another node. */
export const HOURS_REFRESH_MS = 5_000;

const Stored = z.object({ spec: z.string().nullable(), timeZone: z.string() });
export type HoursValue = z.infer<typeof Stored>;

/**
 * The business hours the desk follows: PARLEY_BUSINESS_HOURS / PARLEY_TIMEZONE until an admin edits them
 * in the console, then what the settings table holds. `hours` is one object for the desk's lifetime that
 * follows every change: the node where the edit is made switches at once, the others within
 * HOURS_REFRESH_MS (their queue watch then tells their consoles if that opened or closed the desk).
 */
export interface HoursSetting {
  hours: BusinessHours;
  /** Reads the stored value (called at start and every HOURS_REFRESH_MS). */
  refresh(): Promise<void>;
  /** Validates and stores; throws BusinessHoursError for a malformed spec or zone. */
  save(value: HoursValue): Promise<BusinessHours>;
  stop(): void;
}

export function createHoursSetting(store: Store, initial: BusinessHours, log: Logger): HoursSetting {
  let current = initial;
  let stored: string | null = null;
  const hours: BusinessHours = {
    get always() {
      return current.always;
    },
    get spec() {
      return current.spec;
    },
    get timeZone() {
      return current.timeZone;
    },
    isOpen: (now) => current.isOpen(now),
    nextOpening: (now) => current.nextOpening(now),
    describe: () => current.describe(),
  };
  const apply = (raw: string | null) => {
    if (raw === stored) return;
    stored = raw;
    if (raw === null) return;
    try {
      const value = Stored.parse(JSON.parse(raw));
      current = createBusinessHours(value.spec, value.timeZone);
      log.info({ hours: current.describe() }, 'business hours changed');
    } catch (err) {
      // Written by a newer or broken node: keep what we follow now rather than open or close by accident.
      logFailure(log, err, {}, 'stored business hours unreadable; keeping the current ones');
    }
  };
  const refresh = async () => apply(await store.getSetting(HOURS_SETTING));
  const timer = setInterval(() => void refresh().catch((err) => logFailure(log, err, {}, 'business hours refresh failed')), HOURS_REFRESH_MS);
  timer.unref();
  return {
    hours,
    refresh,
    async save(value) {
      const next = createBusinessHours(value.spec?.trim() || null, value.timeZone.trim());
      const raw = JSON.stringify({ spec: next.spec, timeZone: next.timeZone });
      await store.setSetting(HOURS_SETTING, raw);
      apply(raw);
      return next;
    },
    stop: () => clearInterval(timer),
  };
}

