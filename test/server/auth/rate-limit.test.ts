import { describe, expect, it } from 'vitest';
import { createRateLimiter } from '../../../server/auth/rate-limit.ts';

describe('token bucket', () => {
  it('lets a burst through, refuses the next, and refills with time', () => {
    const limiter = createRateLimiter({ capacity: 3, perSecond: 1 });
    const t = 1_000_000;
    expect([1, 2, 3].map(() => limiter.take('ip', t))).toEqual([true, true, true]);
    expect(limiter.take('ip', t)).toBe(false);
    expect(limiter.take('other-ip', t)).toBe(true);
    expect(limiter.take('ip', t + 999)).toBe(false);
    expect(limiter.take('ip', t + 2000)).toBe(true);
  });
});
