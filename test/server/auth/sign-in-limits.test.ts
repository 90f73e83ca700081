import { describe, expect, it } from 'vitest';
import { parseAddressList } from '../../../server/auth/address-list.ts';
import { SIGN_IN_ATTEMPTS_PER_MINUTE, SIGN_IN_BURST, createSignInLimits, type SignInGate } from '../../../server/auth/sign-in-limits.ts';

const verify = (gate: SignInGate) => {
  if (gate.verdict !== 'verify') throw new Error('refused');
  return gate;
};

describe('sign-in limits', () => {
  it('hold a token per attempt in flight: parallel guesses at one account cannot outrun its bucket', () => {
    const limits = createSignInLimits(parseAddressList(''));
    const inFlight = Array.from({ length: SIGN_IN_BURST }, (_, i) => limits.gate(`10.0.0.${i}`, 'ada@shop.test'));
    expect(inFlight.every((g) => g.verdict === 'verify')).toBe(true);
    expect(limits.gate('10.0.1.1', 'ada@shop.test').verdict).toBe('refuse');
    // A right password gives its token back; wrong ones keep theirs.
    verify(inFlight[0]!).settle(true);
    verify(inFlight[1]!).settle(false);
    expect(limits.gate('10.0.1.2', 'ada@shop.test').verdict).toBe('verify');
  });

  it('let an address over its limit still verify, saying a wrong password gets 429', () => {
    const limits = createSignInLimits(parseAddressList(''));
    for (let i = 0; i < SIGN_IN_BURST; i++) verify(limits.gate('10.0.0.1', `typo-${i}@shop.test`)).settle(false);
    const next = verify(limits.gate('10.0.0.1', 'bea@shop.test'));
    expect(next.addressFull).toBe(true);
    expect(verify(limits.gate('10.0.0.2', 'cy@shop.test')).addressFull).toBe(false);
  });

  it('exempt listed addresses from the per-address count and the attempt cap, not from the account limit', () => {
    const limits = createSignInLimits(parseAddressList('192.0.2.0/24'));
    for (let i = 0; i < SIGN_IN_ATTEMPTS_PER_MINUTE + 5; i++) {
      const gate = verify(limits.gate('192.0.2.9', `typo-${i}@shop.test`));
      expect(gate.addressFull).toBe(false);
      gate.settle(false);
    }
    for (let i = 0; i < SIGN_IN_BURST; i++) verify(limits.gate('192.0.2.9', 'ada@shop.test')).settle(false);
    expect(limits.gate('192.0.2.9', 'ada@shop.test').verdict).toBe('refuse');
  });

  it('cap the attempts one address starts, right passwords included (each costs a password hash)', () => {
    const limits = createSignInLimits(parseAddressList(''));
    for (let i = 0; i < SIGN_IN_ATTEMPTS_PER_MINUTE; i++) verify(limits.gate('10.0.0.7', `agent-${i}@shop.test`)).settle(true);
    expect(limits.gate('10.0.0.7', 'one-more@shop.test').verdict).toBe('refuse');
  });
});
