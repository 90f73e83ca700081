import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createVisitorTokens } from '../../../server/auth/visitor-token.ts';

const SECRET = 'a-test-secret-that-is-long-enough-000000';

describe('visitor tokens', () => {
  it('return the visitor id they were signed for', () => {
    const tokens = createVisitorTokens(SECRET);
    const id = randomUUID();
    expect(tokens.verify(tokens.sign(id))).toBe(id);
  });

  it('refuse a token signed with another secret', () => {
    const id = randomUUID();
    const forged = createVisitorTokens('another-secret-that-is-long-enough-0000').sign(id);
    expect(createVisitorTokens(SECRET).verify(forged)).toBeNull();
  });

  it("refuse a token whose visitor id was swapped for someone else's", () => {
    const tokens = createVisitorTokens(SECRET);
    const [v, , mac] = tokens.sign(randomUUID()).split('.');
    expect(tokens.verify(`${v}.${randomUUID()}.${mac}`)).toBeNull();
  });

  it.each([null, undefined, '', 'v1', 'v1.abc', 'v1.abc.', 'v2.abc.def', 'v1.a.b.c', 'v1.../etc.x'])('refuse %j', (token) => {
    expect(createVisitorTokens(SECRET).verify(token)).toBeNull();
  });
});
