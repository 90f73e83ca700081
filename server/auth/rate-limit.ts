/**
 * A token bucket per key, in this process's memory: `capacity` events at once, refilled at `perSecond`.
 * Good enough for one node; with several nodes each counts on its own (a shared limiter would live in Redis).
 */
export interface RateLimiter {
  /** True if the event may go ahead (and takes a token). */
  take(key: string, now?: number): boolean;
  /** Gives back a token taken for an event that turned out not to count (a sign-in with the right password). */
  refund(key: string): void;
}

export function createRateLimiter(opts: { capacity: number; perSecond: number; maxKeys?: number }): RateLimiter {
  const buckets = new Map<string, { tokens: number; at: number }>();
  const maxKeys = opts.maxKeys ?? 10_000;
  return {
    take(key, now = Date.now()) {
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
    refund(key) {
      const b = buckets.get(key);
      if (b) b.tokens = Math.min(opts.capacity, b.tokens + 1);
    },
  };
}
