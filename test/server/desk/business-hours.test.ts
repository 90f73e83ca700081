import { describe, expect, it } from 'vitest';
import { BusinessHoursError, createBusinessHours, parseWeek } from '../../../server/desk/business-hours.ts';

const at = (iso: string) => Date.parse(iso);

describe('business hours', () => {
  it('are always open when none are configured', () => {
    const hours = createBusinessHours(null, 'UTC');
    expect(hours.isOpen(at('2026-12-06T03:00:00Z'))).toBe(true);
    expect(hours.nextOpening(0)).toBeNull();
  });

  it('open and close per weekday in the shop’s time zone, not the server’s', () => {
    // Shanghai is UTC+8 all year: 09:00 there is 01:00 UTC.
    const hours = createBusinessHours('mon-fri 09:00-17:30; sat 10:00-14:00', 'Asia/Shanghai');
    expect(hours.isOpen(at('2026-12-07T00:59:00Z'))).toBe(false); // Monday 08:59
    expect(hours.isOpen(at('2026-12-07T01:00:00Z'))).toBe(true); // Monday 09:00
    expect(hours.isOpen(at('2026-12-07T09:29:00Z'))).toBe(true); // Monday 17:29
    expect(hours.isOpen(at('2026-12-07T09:30:00Z'))).toBe(false); // Monday 17:30
    expect(hours.isOpen(at('2026-12-12T03:00:00Z'))).toBe(true); // Saturday 11:00
    expect(hours.isOpen(at('2026-12-13T03:00:00Z'))).toBe(false); // Sunday
  });

  it('say when they open next: later today, after a weekend, or now', () => {
    const hours = createBusinessHours('mon-fri 09:00-17:00', 'Europe/Berlin');
    // Friday 18:00 in Berlin (UTC+1 in December) → Monday 09:00 Berlin = 08:00 UTC.
    expect(hours.nextOpening(at('2026-12-11T17:00:00Z'))).toBe(at('2026-12-14T08:00:00Z'));
    // Tuesday 07:30 → 09:00 the same day.
    expect(hours.nextOpening(at('2026-12-08T06:30:00Z'))).toBe(at('2026-12-08T08:00:00Z'));
    const open = at('2026-12-08T10:00:00Z');
    expect(hours.nextOpening(open)).toBe(open);
  });

  it('find the opening across a daylight-saving change', () => {
    // Berlin moves to summer time on Sunday 29 March 2026: Monday 09:00 is then 07:00 UTC.
    const hours = createBusinessHours('mon-fri 09:00-17:00', 'Europe/Berlin');
    expect(hours.nextOpening(at('2026-03-27T17:00:00Z'))).toBe(at('2026-03-30T07:00:00Z'));
  });

  it('take split days, ranges and days that wrap past Sunday', () => {
    const week = parseWeek('sat-mon 10:00-12:00, 13:00-15:00');
    expect(week.map((d) => d.length)).toEqual([2, 0, 0, 0, 0, 2, 2]);
  });

  it.each([
    ['mon 9-17', /not a time/],
    ['funday 09:00-17:00', /not a weekday/],
    ['mon-fri 17:00-09:00', /ends before it starts/],
    ['09:00-17:00', /expected days then times/],
  ])('refuse "%s" with a message that says what is wrong', (spec, message) => {
    expect(() => createBusinessHours(spec, 'UTC')).toThrow(BusinessHoursError);
    expect(() => createBusinessHours(spec, 'UTC')).toThrow(message);
  });

  it('refuse a time zone that does not exist', () => {
    expect(() => createBusinessHours('mon 09:00-17:00', 'Mars/Olympus')).toThrow(/not a time zone/);
  });
});
