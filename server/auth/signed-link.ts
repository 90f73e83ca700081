import { createHmac, timingSafeEqual } from 'node:crypto';

const PART = /^[A-Za-z0-9_-]{1,64}$/;

/**
 * Tokens carried in links that leave Parley by mail: `<kind>.<id>.<expiry>.<HMAC-SHA256>` with the expiry
 * in base-36 epoch milliseconds. Each kind signs under its own prefix, so a token made for one purpose
 * (resuming a chat) is never accepted for another (rating one).
 */
export interface SignedLinks {
  sign(kind: string, id: string, expiresAt: number): string;
  /** The id, or null for anything not signed by us for `kind`, or expired at `now`. */
  verify(kind: string, token: string | null | undefined, now: number): string | null;
}

export function createSignedLinks(secret: string): SignedLinks {
  // A key of its own, derived from the secret: a link token can never pass for a visitor token.
  const key = createHmac('sha256', secret).update('parley mail links').digest();
  const mac = (payload: string) => createHmac('sha256', key).update(payload).digest();
  return {
    sign(kind, id, expiresAt) {
      if (!PART.test(kind) || !PART.test(id)) throw new Error('not signable');
      const payload = `${kind}.${id}.${Math.floor(expiresAt).toString(36)}`;
      return `${payload}.${mac(payload).toString('base64url')}`;
    },
    verify(kind, token, now) {
      if (typeof token !== 'string' || token.length > 300) return null;
      const parts = token.split('.');
      if (parts.length !== 4 || parts[0] !== kind || !PART.test(parts[1]!) || !/^[0-9a-z]{1,12}$/.test(parts[2]!)) return null;
      const given = Buffer.from(parts[3]!, 'base64url');
      const expected = mac(parts.slice(0, 3).join('.'));
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
      if (parseInt(parts[2]!, 36) <= now) return null;
      return parts[1]!;
    },
  };
}
