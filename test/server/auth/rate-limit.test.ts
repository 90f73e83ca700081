import { describe, expect, it } from 'vitest';
import { createRateLimiter } from '../../../server/auth/rate-limit.ts';

describe('token bucket', () => {
  it('lets a burst through, refuses the next, and refills with time', async () => {
    const limiter = createRateLimiter({ capacity: 3, perSecond: 1 });
    const t = 1_000_000;
    expect(await Promise.all([1, 2, 3].map(() => limiter.take('ip', t)))).toEqual([true, true, true]);
    expect(await limiter.take('ip', t)).toBe(false);
    expect(await limiter.take('other-ip', t)).toBe(true);
    expect(await limiter.take('ip', t + 999)).toBe(false);
    expect(await limiter.take('ip', t + 2000)).toBe(true);
  });
});
