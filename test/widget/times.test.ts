import { describe, expect, it } from 'vitest';
import { fullTime, relativeTime } from '../../widget/app/times.ts';

const now = Date.UTC(2026, 11, 2, 9, 41);
const MIN = 60_000;

describe('relativeTime', () => {
  it('says how long ago in words, coarser as time passes', () => {
    expect(relativeTime(now - 20_000, now, 'en')).toBe('now');
    expect(relativeTime(now - 5 * MIN, now, 'en')).toBe('5 min. ago');
    expect(relativeTime(now - 3 * 60 * MIN, now, 'en')).toBe('3 hr. ago');
    expect(relativeTime(now - 30 * 60 * MIN, now, 'en')).toBe('yesterday');
    expect(relativeTime(now - 3 * 24 * 60 * MIN, now, 'en')).toBe('3 days ago');
  });

  it('gives the date and time after a week', () => {
    expect(relativeTime(now - 10 * 24 * 60 * MIN, now, 'en-US')).toMatch(/^Nov 22, \d{1,2}:\d{2}\s?[AP]M$/);
  });

  it('speaks Chinese to a Chinese visitor', () => {
    expect(relativeTime(now - 20_000, now, 'zh-CN')).toBe('现在');
    expect(relativeTime(now - 5 * MIN, now, 'zh-CN')).toBe('5分钟前');
    expect(relativeTime(now - 30 * 60 * MIN, now, 'zh-CN')).toBe('昨天');
  });

  it('treats a time a little ahead of the clock (a server clock ahead of the visitor\'s) as now', () => {
    expect(relativeTime(now + 90_000, now, 'en')).toBe('now');
  });
});

describe('fullTime', () => {
  it('spells out the day, date and time', () => {
    expect(fullTime(now, 'en-US')).toMatch(/^Wednesday, December 2, 2026 at \d{1,2}:\d{2}\s?[AP]M$/);
    expect(fullTime(now, 'zh-CN')).toMatch(/^2026年12月2日星期三 \d{1,2}:\d{2}$/);
  });
});
