import type { SignedLinks } from '../auth/signed-link.ts';
import { safeLink } from './escape.ts';

/** How long a resume link in a mail lets its holder back into the chat. */
export const RESUME_TTL_MS = 7 * 24 * 60 * 60 * 1000;
export const RESUME_KIND = 'r1';
/** The fragment the loader looks for: `#parley=<token>`. Fragments are not sent to servers or in Referer. */
export const RESUME_FRAGMENT = 'parley=';
/** A rating link in a follow-up mail: for one conversation, a month. */
export const RATING_KIND = 'rt';
export const RATING_TTL_MS = 30 * 24 * 60 * 60 * 1000;

export interface MailLinks {
  /** The shop page with `#parley=<token>`: the loader opens the chat there as this visitor. Null without an http(s) page. */
  resume(visitorId: string, pageUrl: string | null, now: number): string | null;
  /** The agent console, or null when PARLEY_PUBLIC_URL is unset (mail has no request to take a host from). */
  console(): string | null;
  /** `<public URL>/rate/<token>?score=n` for n = 1…5 (a confirm page; nothing is recorded by opening it); null without PARLEY_PUBLIC_URL. */
  rating(conversationId: string, now: number): string[] | null;
}

export function createMailLinks(signed: SignedLinks, publicUrl: string | null): MailLinks {
  return {
    resume(visitorId, pageUrl, now) {
      const page = safeLink(pageUrl);
      if (!page) return null;
      const u = new URL(page);
      u.hash = `${RESUME_FRAGMENT}${signed.sign(RESUME_KIND, visitorId, now + RESUME_TTL_MS)}`;
      return u.href;
    },
    console: () => (publicUrl ? `${publicUrl}/console` : null),
    rating(conversationId, now) {
      if (!publicUrl) return null;
      const token = signed.sign(RATING_KIND, conversationId, now + RATING_TTL_MS);
      return [1, 2, 3, 4, 5].map((n) => `${publicUrl}/rate/${token}?score=${n}`);
    },
  };
}
