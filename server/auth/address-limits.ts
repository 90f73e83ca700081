import type { AddressList } from './address-list.ts';
import { memoryRateLimiters, type RateLimiter, type RateLimiterFactory } from './rate-limit.ts';

/** What one client address may do per minute, whatever number of sockets it opens. */
export type AddressLimitKind = 'connections' | 'visitors' | 'conversations';

export interface AddressLimits {
  /** True if this address may go ahead (and it counts); exempt addresses always may. */
  allow(kind: AddressLimitKind, address: string): Promise<boolean>;
}

/**
 * Per-address limits: a burst of `perMinute`, refilled over a minute. They stop one address (a script, a
 * flood) from creating visitors and conversations faster than a shop's real visitors do, while
 * per-connection limits stop one socket. Counted in this process's memory, or once for every node when
 * `limiters` are the Redis ones.
 */
export function createAddressLimits(
  perMinute: Record<AddressLimitKind, number>,
  exempt: AddressList,
  limiters: RateLimiterFactory = memoryRateLimiters,
): AddressLimits {
  const buckets = Object.fromEntries(
    (Object.keys(perMinute) as AddressLimitKind[]).map((kind) => [kind, limiters(kind, { capacity: perMinute[kind], perSecond: perMinute[kind] / 60 })]),
  ) as Record<AddressLimitKind, RateLimiter>;
  return {
    async allow(kind, address) {
      return exempt.has(address) || buckets[kind].take(address);
    },
  };
}
