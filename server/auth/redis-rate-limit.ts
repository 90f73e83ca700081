import { RLWrapperTimeouts, RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import type { RedisClient } from '../redis/connect.ts';
import type { RateLimiterFactory } from './rate-limit.ts';

/** A limit check waits this long for Redis before this node decides alone. */
const REDIS_WAIT_MS = 300;

/**
 * Limiters every node shares through Redis (rate-limiter-flexible), under `<prefix>:limit:<name>:<key>`.
 * A token bucket becomes a window of `capacity` events per `capacity / perSecond` seconds: the same burst
 * and the same long-run rate, counted once for the whole install instead of once per node.
 *
 * While Redis is away (refused, or silent past REDIS_WAIT_MS) each node counts in an in-memory limiter of
 * the same size instead: the limits hold per node (at most N times the shared limit across N nodes) for
 * the outage. Refusing everyone would turn a Redis outage into a chat outage; letting everything through
 * would hand a flood the moment it wants.
 */
export function redisRateLimiters(client: RedisClient, prefix: string): RateLimiterFactory {
  return (name, { capacity, perSecond }) => {
    const size = { points: capacity, duration: Math.max(1, Math.ceil(capacity / perSecond)) };
    const insuranceLimiter = new RateLimiterMemory(size);
    const shared = new RLWrapperTimeouts({
      limiter: new RateLimiterRedis({
        ...size,
        storeClient: client,
        useRedisPackage: true,
        // Not ready (reconnecting): the insurance answers at once instead of waiting in the offline queue.
        rejectIfRedisNotReady: true,
        keyPrefix: `${prefix}:limit:${name}`,
        insuranceLimiter,
      }),
      timeoutMs: REDIS_WAIT_MS,
      insuranceLimiter,
    });
    return {
      async take(key) {
        try {
          await shared.consume(key);
          return true;
        } catch (err) {
          if (!(err instanceof RateLimiterRes)) throw err;
          // A refused event took nothing (as in memory): a refund after it must free a place, not undo the overdraft.
          await shared.reward(key, 1);
          return false;
        }
      },
      async refund(key) {
        await shared.reward(key, 1);
      },
    };
  };
}
