import type { VisitorProfile } from '../../protocol/visitor.ts';

/**
 * Shown beside a visitor verified by the shop's backend (Parley('identify', {id, hash})): the agent may trust
 * who this is. Visitors without it may have typed any name.
 */
export function VerifiedMark({ v }: { v: VisitorProfile }) {
  if (!v.externalId) return null;
  return (
    <span class="verified" title="Verified by the shop: signed in as this user">
      Verified
    </span>
  );
}
