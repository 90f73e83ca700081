/**
 * A limit per key: `capacity` events at once, refilled at `perSecond`. Asynchronous because the shared form
 * asks Redis (auth/redis-rate-limit.ts); the form below counts in this process's memory.
 */
export interface RateLimiter {
  /** True if the event may go ahead (and takes a token). */
  take(key: string): Promise<boolean>;
  /** Gives back a token taken for an event that turned out not to count (a sign-in with the right password). */
  refund(key: string): Promise<void>;
}

export interface RateLimit {
  capacity: number;
  perSecond: number;
}

/**
 * Makes the limiter named `name` (names keep the shared limiters' keys apart): in memory on one node, in
 * Redis when nodes share their limits.
 */
export type RateLimiterFactory = (name: string, limit: RateLimit) => RateLimiter;

/** The in-memory form; `now` lets a test step the clock. */
export interface MemoryRateLimiter extends RateLimiter {
  take(key: string, now?: number): Promise<boolean>;
}

/** A token bucket per key in this process's memory: what one node needs, and every per-socket limit (a socket lives on one node). */
export function createRateLimiter(opts: RateLimit & { maxKeys?: number }): MemoryRateLimiter {
  const buckets = new Map<string, { tokens: number; at: number }>();
  const maxKeys = opts.maxKeys ?? 10_000;
  return {
    async take(key, now = Date.now()) {
      let b = buckets.get(key);
      if (!b) {
        // Forget the oldest keys rather than grow without bound under a spray of addresses.
        if (buckets.size >= maxKeys) buckets.delete(buckets.keys().next().value!);
        b = { tokens: opts.capacity, at: now };
        buckets.set(key, b);
      } else {
        b.tokens = Math.min(opts.capacity, b.tokens + ((now - b.at) / 1000) * opts.perSecond);
        b.at = now;
      }
      if (b.tokens < 1) return false;
      b.tokens -= 1;
      return true;
    },
    async refund(key) {
      const b = buckets.get(key);
      if (b) b.tokens = Math.min(opts.capacity, b.tokens + 1);
    },
  };
}

/** Every limiter in this process's memory (one node). */
export const memoryRateLimiters: RateLimiterFactory = (_name, limit) => createRateLimiter(limit);
