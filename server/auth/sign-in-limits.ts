import type { AddressList } from './address-list.ts';
import { memoryRateLimiters, type RateLimiterFactory } from './rate-limit.ts';

/** Wrong passwords allowed at once per account and per address. */
export const SIGN_IN_BURST = 10;
/** Then one more per address every 6 s, and per account every minute: guessing one password stays slow from any number of addresses. */
const ADDRESS_REFILL_PER_SECOND = 1 / 6;
const ACCOUNT_REFILL_PER_SECOND = 1 / 60;
/**
 * Sign-ins one address may start per minute whatever their outcome: each costs a scrypt hash (~50 ms of
 * CPU), so this bounds what one address can burn, far above what a team signing in ever needs.
 */
export const SIGN_IN_ATTEMPTS_PER_MINUTE = 60;

/** What to do with one sign-in attempt before its password is checked. */
export type SignInGate =
  | { verdict: 'refuse' }
  /** Verify the password, then call `settle` with the outcome; `addressFull`: a wrong password gets 429. */
  | { verdict: 'verify'; addressFull: boolean; settle(ok: boolean): Promise<void> };

export interface SignInLimits {
  gate(address: string, account: string): Promise<SignInGate>;
}

/**
 * Wrong passwords are counted per account and per client address (in this process's memory, or once
 * for every node when `limiters` are the Redis ones: a guesser gains nothing by spreading over nodes).
 *
 * - The account bucket guards one password against guessing from many addresses: once empty the account
 *   is refused, right password or not, from anywhere, until it refills. Unknown e-mail addresses have
 *   buckets too, so the limit does not tell which accounts exist.
 * - The address bucket slows one address down without locking out the others behind it (an office NAT,
 *   a proxy without PARLEY_TRUST_PROXY): once empty a wrong password gets 429, but the password is still
 *   checked and a right one signs in. Addresses in PARLEY_RATE_LIMIT_EXEMPT skip it (and the attempt cap).
 *
 * A token is taken before the password is checked and given back when it was right: a burst of parallel
 * guesses cannot all pass a bucket that holds one token.
 */
export function createSignInLimits(exempt: AddressList, limiters: RateLimiterFactory = memoryRateLimiters): SignInLimits {
  const accounts = limiters('sign-in-account', { capacity: SIGN_IN_BURST, perSecond: ACCOUNT_REFILL_PER_SECOND });
  const addresses = limiters('sign-in-address', { capacity: SIGN_IN_BURST, perSecond: ADDRESS_REFILL_PER_SECOND });
  const attempts = limiters('sign-in-attempts', { capacity: SIGN_IN_ATTEMPTS_PER_MINUTE, perSecond: SIGN_IN_ATTEMPTS_PER_MINUTE / 60 });
  return {
    async gate(address, account) {
      const free = exempt.has(address);
      if (!free && !(await attempts.take(address))) return { verdict: 'refuse' };
      if (!(await accounts.take(account))) return { verdict: 'refuse' };
      const addressTaken = free || (await addresses.take(address));
      return {
        verdict: 'verify',
        addressFull: !addressTaken,
        async settle(ok) {
          if (!ok) return;
          await accounts.refund(account);
          if (addressTaken && !free) await addresses.refund(address);
        },
      };
    },
  };
}
