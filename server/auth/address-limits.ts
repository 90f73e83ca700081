import type { AddressList } from './address-list.ts';
import { createRateLimiter, type RateLimiter } from './rate-limit.ts';

/** What one client address may do per minute, whatever number of sockets it opens. */
export type AddressLimitKind = 'connections' | 'visitors' | 'conversations';

export interface AddressLimits {
  /** True if this address may go ahead (and it counts); exempt addresses always may. */
  allow(kind: AddressLimitKind, address: string): boolean;
}

/**
 * Per-address token buckets: a burst of `perMinute`, refilled over a minute. They stop one address (a
 * script, a flood) from creating visitors and conversations faster than a shop's real visitors do, while
 * per-connection limits stop one socket. In this process's memory; with several nodes each counts alone.
 */
export function createAddressLimits(perMinute: Record<AddressLimitKind, number>, exempt: AddressList): AddressLimits {
  const buckets = Object.fromEntries(
    (Object.keys(perMinute) as AddressLimitKind[]).map((kind) => [kind, createRateLimiter({ capacity: perMinute[kind], perSecond: perMinute[kind] / 60 })]),
  ) as Record<AddressLimitKind, RateLimiter>;
  return {
    allow(kind, address) {
      return exempt.has(address) || buckets[kind].take(address);
    },
  };
}
