import { MAX_EXTERNAL_ID_CHARS } from '../../protocol/limits.ts';
import type { IdentifyAck } from '../../protocol/visitor-events.ts';
import type { Identity } from '../bridge-protocol.ts';

// Parley('identify', …) in the frame, loaded on first use (its own chunk): pages that never identify their
// visitors do not download it.

/** What visitor:identify sends: name and e-mail as the chat cleaned them, the id and hash as given. */
export interface Claim {
  name: string | null;
  email: string | null;
  id: string | null;
  hash: string | null;
}

export interface IdentifyDeps {
  /** The user id this browser's visitor was verified as, or null. */
  who: string | null;
  /** Emits visitor:identify; `done(null)` without an answer (the next hello sends it again). */
  send(claim: Claim, done: (res: IdentifyAck | null) => void): void;
  /** Another person than the one this browser was verified as: forget everything, then hello as a new visitor. */
  startOver(): void;
  remember(who: string): void;
  /** The server says this browser now speaks for another visitor: keep its token, load its conversation. */
  become(token: string): void;
}

/** For the merchant's developer: why an identify did not verify (docs/embedding.md §3). */
const warn = (why: string) => console.warn(`Parley('identify'): ${why}`);

export function identify(given: Identity, named: { name: string | null; email: string | null }, deps: IdentifyDeps): void {
  // The HMAC covers the id exactly as the merchant's backend saw it: numbers as their decimal text, no trimming.
  const raw = typeof given.id === 'number' && Number.isFinite(given.id) ? String(given.id) : given.id;
  const id = typeof raw === 'string' && raw.length > 0 && raw.length <= MAX_EXTERNAL_ID_CHARS && !/[\x00-\x1f\x7f-\x9f]/.test(raw) ? raw : null;
  const hash = id && typeof given.hash === 'string' && /^[0-9a-f]{64}$/i.test(given.hash) ? given.hash : null;
  if (given.hash && !hash) warn('needs an id, and a hash of 64 hex digits');
  const claim: Claim = { ...named, id, hash };
  if (!(claim.name || claim.email || id)) return;
  // Someone else on a browser verified as another person (a shared computer, no shutdown): they start as a
  // new visitor and see nothing of the previous person's; the hello that follows identifies them again.
  if (deps.who !== null && id !== null && id !== deps.who) return deps.startOver();
  deps.send(claim, (res) => {
    if (!res) return;
    if (!res.ok) {
      if (res.error === 'unverified') warn('refused: no valid hash (identity required)');
      return;
    }
    if (res.verified) deps.remember(id!);
    else if (hash) warn('hash does not match the id: not verified');
    if (res.token) deps.become(res.token);
  });
}
