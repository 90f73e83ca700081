import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Verified identity (Parley('identify', {id, hash})): the merchant's backend computes
 * `hash = HMAC-SHA256(key = PARLEY_IDENTITY_SECRET, message = id)` as lowercase hex and puts it on the page
 * with the signed-in user's id. Only the backend and Parley know the secret, so a page (or a visitor with
 * the browser's console) cannot claim someone else's id.
 */
export interface IdentityPolicy {
  /** True when a secret is configured and `hash` is HMAC-SHA256(id) under it (compared in constant time). */
  verify(id: string, hash: string): boolean;
  /** PARLEY_IDENTITY_REQUIRED: an identify that is not verified is refused (`unverified`), not shown as unverified. */
  required: boolean;
}

/** What the merchant's backend computes; exported for tests and the `docs/embedding.md` examples' check. */
export function identityHash(secret: string, id: string): string {
  return createHmac('sha256', secret).update(id, 'utf8').digest('hex');
}

export function createIdentityPolicy({ secret, required }: { secret: string | null; required: boolean }): IdentityPolicy {
  return {
    required,
    verify(id, hash) {
      if (!secret || !/^[0-9a-f]{64}$/i.test(hash)) return false;
      const given = Buffer.from(hash, 'hex');
      const expected = createHmac('sha256', secret).update(id, 'utf8').digest();
      return given.length === expected.length && timingSafeEqual(given, expected);
    },
  };
}

/** No secret, nothing required: every identify is an unverified one (the default without configuration). */
export const NO_IDENTITY_SECRET: IdentityPolicy = createIdentityPolicy({ secret: null, required: false });
