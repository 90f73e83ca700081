import { randomBytes } from 'node:crypto';
import type { z } from 'zod';
import type { AgentProfile, InviteAgentSchema } from '../../protocol/index.ts';
import type { Store } from '../store/store.ts';
import { agentProfile } from './agents.ts';
import { hashPassword } from './password.ts';
import { hashToken } from './sessions.ts';

/** How long an invitation link works. Long enough for a weekend; a new link replaces an old one. */
export const INVITE_TTL_MS = 3 * 24 * 60 * 60 * 1000;

/** What the link's page shows before the password is chosen. */
export interface InviteTicket {
  token: string;
  expiresAt: number;
}

/**
 * Invitations: an admin creates the account (no password yet: it cannot sign in) and gets a one-time link;
 * the person opens it, chooses a password and is signed in. The link's token is random, kept in the
 * database only as its SHA-256, works once, and expires after INVITE_TTL_MS.
 */
export function createInvites(store: Store, now: () => number = Date.now) {
  const issue = async (agentId: string): Promise<InviteTicket> => {
    const token = randomBytes(32).toString('base64url');
    const expiresAt = now() + INVITE_TTL_MS;
    await store.createInvite({ tokenHash: hashToken(token), agentId, expiresAt });
    return { token, expiresAt };
  };
  return {
    /** 'taken' when an account (even a removed one) has that e-mail. */
    async invite(input: z.output<typeof InviteAgentSchema>): Promise<{ agent: AgentProfile; ticket: InviteTicket } | 'taken'> {
      if (await store.findAgentByEmail(input.email)) return 'taken';
      let row;
      try {
        // An empty hash: no password verifies against it, so the account cannot sign in until the link is used.
        row = await store.createAgent({ email: input.email, name: input.name, passwordHash: '', role: input.role });
      } catch (err) {
        if (await store.findAgentByEmail(input.email)) return 'taken';
        throw err;
      }
      return { agent: agentProfile(row), ticket: await issue(row.id) };
    },
    /** A new link for an account still waiting for its password; null for any other. */
    async reissue(agentId: string): Promise<InviteTicket | null> {
      const row = await store.getAgent(agentId);
      if (!row || row.removedAt !== null || row.passwordHash !== '') return null;
      return issue(row.id);
    },
    /** Whom a link is for, while it works. */
    async describe(token: string): Promise<AgentProfile | null> {
      const found = await store.findInvite(hashToken(token), now());
      const row = found && (await store.getAgent(found.agentId));
      return row ? agentProfile(row) : null;
    },
    /** Sets the password and uses up the link; null when the link no longer works. */
    async accept(token: string, password: string): Promise<AgentProfile | null> {
      const used = await store.redeemInvite(hashToken(token), now(), await hashPassword(password));
      const row = used && (await store.getAgent(used.agentId));
      return row ? agentProfile(row) : null;
    },
  };
}
export type Invites = ReturnType<typeof createInvites>;
