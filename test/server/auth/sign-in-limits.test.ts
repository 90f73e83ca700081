import { afterAll, describe, expect, it } from 'vitest';
import { parseAddressList } from '../../../server/auth/address-list.ts';
import { memoryRateLimiters, type RateLimiterFactory } from '../../../server/auth/rate-limit.ts';
import { redisRateLimiters } from '../../../server/auth/redis-rate-limit.ts';
import { SIGN_IN_ATTEMPTS_PER_MINUTE, SIGN_IN_BURST, createSignInLimits, type SignInGate } from '../../../server/auth/sign-in-limits.ts';
import { sharedRedis, uniquePrefix } from '../../support/redis.ts';

const verify = (gate: SignInGate) => {
  if (gate.verdict !== 'verify') throw new Error('refused');
  return gate;
};

const redis = sharedRedis();
afterAll(() => redis.close());

// The same rules whether a node counts alone or every node counts in Redis (a fresh key prefix per case).
const forms: Array<{ name: string; limiters: () => Promise<RateLimiterFactory> }> = [{ name: 'in memory', limiters: async () => memoryRateLimiters }];
if (redis.url) forms.push({ name: 'in Redis', limiters: async () => redisRateLimiters(await redis.client(), uniquePrefix('sign-in')) });

describe.each(forms)('sign-in limits $name', ({ limiters }) => {
  const make = async (exempt = '') => createSignInLimits(parseAddressList(exempt), await limiters());

  it('hold a token per attempt in flight: parallel guesses at one account cannot outrun its bucket', async () => {
    const limits = await make();
    const inFlight = await Promise.all(Array.from({ length: SIGN_IN_BURST }, (_, i) => limits.gate(`10.0.0.${i}`, 'ada@shop.test')));
    expect(inFlight.every((g) => g.verdict === 'verify')).toBe(true);
    expect((await limits.gate('10.0.1.1', 'ada@shop.test')).verdict).toBe('refuse');
    // A right password gives its token back; wrong ones keep theirs.
    await verify(inFlight[0]!).settle(true);
    await verify(inFlight[1]!).settle(false);
    expect((await limits.gate('10.0.1.2', 'ada@shop.test')).verdict).toBe('verify');
  });

  it('let an address over its limit still verify, saying a wrong password gets 429', async () => {
    const limits = await make();
    for (let i = 0; i < SIGN_IN_BURST; i++) await verify(await limits.gate('10.0.0.1', `typo-${i}@shop.test`)).settle(false);
    const next = verify(await limits.gate('10.0.0.1', 'bea@shop.test'));
    expect(next.addressFull).toBe(true);
    expect(verify(await limits.gate('10.0.0.2', 'cy@shop.test')).addressFull).toBe(false);
  });

  it('exempt listed addresses from the per-address count and the attempt cap, not from the account limit', async () => {
    const limits = await make('192.0.2.0/24');
    for (let i = 0; i < SIGN_IN_ATTEMPTS_PER_MINUTE + 5; i++) {
      const gate = verify(await limits.gate('192.0.2.9', `typo-${i}@shop.test`));
      expect(gate.addressFull).toBe(false);
      await gate.settle(false);
    }
    for (let i = 0; i < SIGN_IN_BURST; i++) await verify(await limits.gate('192.0.2.9', 'ada@shop.test')).settle(false);
    expect((await limits.gate('192.0.2.9', 'ada@shop.test')).verdict).toBe('refuse');
  });

  it('cap the attempts one address starts, right passwords included (each costs a password hash)', async () => {
    const limits = await make();
    for (let i = 0; i < SIGN_IN_ATTEMPTS_PER_MINUTE; i++) await verify(await limits.gate('10.0.0.7', `agent-${i}@shop.test`)).settle(true);
    expect((await limits.gate('10.0.0.7', 'one-more@shop.test')).verdict).toBe('refuse');
  });
});
