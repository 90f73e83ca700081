import { createHmac, timingSafeEqual } from 'node:crypto';
import { RESUME_KIND } from '../mail/links.ts';
import { createSignedLinks } from './signed-link.ts';

const PREFIX = 'v1';
const ID = /^[A-Za-z0-9_-]{1,64}$/;

/**
 * A visitor token binds a browser to one visitor id: `v1.<visitorId>.<HMAC-SHA256(secret, "v1.<id>")>`.
 * Whoever holds it may read that visitor's conversations, and only those.
 */
export interface VisitorTokens {
  sign(visitorId: string): string;
  /** The visitor id, or null for anything not signed by us. */
  verify(token: string | null | undefined): string | null;
  /** The visitor id of a mail's resume link (`#parley=…`), or null if not ours or expired. */
  resume(token: string | null | undefined, now?: number): string | null;
}

export function createVisitorTokens(secret: string): VisitorTokens {
  const mac = (payload: string) => createHmac('sha256', secret).update(payload).digest();
  const links = createSignedLinks(secret);
  return {
    resume: (token, now = Date.now()) => links.verify(RESUME_KIND, token, now),
    sign(visitorId) {
      if (!ID.test(visitorId)) throw new Error('visitor id not signable');
      const payload = `${PREFIX}.${visitorId}`;
      return `${payload}.${mac(payload).toString('base64url')}`;
    },
    verify(token) {
      if (typeof token !== 'string') return null;
      const parts = token.split('.');
      if (parts.length !== 3 || parts[0] !== PREFIX || !ID.test(parts[1]!)) return null;
      const given = Buffer.from(parts[2]!, 'base64url');
      const expected = mac(`${PREFIX}.${parts[1]}`);
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
      return parts[1]!;
    },
  };
}
