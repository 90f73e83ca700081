import type { Identify } from '../../protocol/index.ts';
import type { DeskContext } from './context.ts';
import { DeskError } from './errors.ts';
import type { VisitorSession } from './visitor-desk.ts';

export interface IdentifyResult {
  /** The visitor this browser speaks for from now on: the session's own, or another (a new token). */
  visitorId: string;
  verified: boolean;
}

/**
 * Parley('identify', …). A valid hash makes this browser the visitor verified as that id: the one who already
 * is (their conversations on any device), else the session's visitor if it was anonymous (what they wrote
 * before signing in stays theirs), else a new one. A browser verified as someone else is never handed over
 * with that person's conversations: a different id, verified or not, gets a new visitor. Without a valid hash
 * the name and e-mail are kept as not verified, or, with PARLEY_IDENTITY_REQUIRED, refused (`unverified`)
 * and nothing changes.
 */
export async function identifyVisitor(ctx: DeskContext, session: VisitorSession, input: Identify): Promise<IdentifyResult> {
  const { store, log, identity } = ctx;
  const current = await store.getVisitor(session.visitorId);
  const known = current?.externalId ?? null;
  const verified = input.id !== null && input.hash !== null && identity.verify(input.id, input.hash);
  const someoneElse = known !== null && input.id !== null && input.id !== known;

  if (!verified && identity.required) {
    log.info({ visitorId: session.visitorId, hash: input.hash !== null }, 'identify refused: not verified');
    throw new DeskError('unverified');
  }
  if (!verified && input.hash !== null) log.info({ visitorId: session.visitorId }, 'identify hash did not match: kept as not verified');

  let visitorId = session.visitorId;
  if (verified && input.id !== known) {
    visitorId = (await store.visitorForExternalId(input.id!, known === null ? session.visitorId : null)).id;
  } else if (someoneElse) {
    if (!(await ctx.limits.allow('visitors', session.address))) throw new DeskError('rate_limited');
    visitorId = (await store.createVisitor()).id;
  }
  if (visitorId !== session.visitorId) log.info({ from: session.visitorId, to: visitorId, verified }, 'identify: browser now speaks for another visitor');

  const { name, email } = input;
  await store.updateVisitor(visitorId, { ...(name ? { name } : {}), ...(email ? { email } : {}), seenAt: ctx.now() });
  return { visitorId, verified };
}
