import { createHash, randomBytes } from 'node:crypto';
import type { AgentProfile, AgentRole } from '../../protocol/index.ts';
import { agentProfile } from './agents.ts';
import type { Store } from '../store/store.ts';

export const SESSION_TTL_MS = 7 * 24 * 60 * 60 * 1000;

/** Sessions are looked up by the SHA-256 of the cookie's token, so the database never holds a usable cookie. */
export const hashToken = (token: string): string => createHash('sha256').update(token).digest('hex');

export interface AgentSessions {
  /** Starts a session; the returned token goes into the cookie and nowhere else. */
  create(agentId: string): Promise<{ token: string; expiresAt: number }>;
  /** The signed-in agent for a cookie token, or null. */
  resolve(token: string | null | undefined): Promise<AgentProfile | null>;
  /** Whether the session with this token hash may still act: not signed out, not expired, its agent not removed. One indexed lookup. */
  isLive(tokenHash: string): Promise<boolean>;
  /** The role of a live session's agent as stored now (an admin demoted since sign-in is an agent), or null. */
  liveRole(tokenHash: string): Promise<AgentRole | null>;
  /** Ends the session; resolves with its token hash (to end its sockets too), or null for a malformed token. */
  destroy(token: string | null | undefined): Promise<string | null>;
}

const TOKEN = /^[A-Za-z0-9_-]{20,100}$/;

export function createAgentSessions(store: Store, now: () => number = Date.now): AgentSessions {
  return {
    async create(agentId) {
      const token = randomBytes(32).toString('base64url');
      const expiresAt = now() + SESSION_TTL_MS;
      await store.createSession({ tokenHash: hashToken(token), agentId, expiresAt });
      return { token, expiresAt };
    },
    async resolve(token) {
      if (!token || !TOKEN.test(token)) return null;
      const session = await store.findSession(hashToken(token), now());
      if (!session) return null;
      const agent = await store.getAgent(session.agentId);
      return agent ? agentProfile(agent) : null;
    },
    async isLive(tokenHash) {
      return (await store.findSession(tokenHash, now())) !== null;
    },
    async liveRole(tokenHash) {
      return (await store.findSession(tokenHash, now()))?.role ?? null;
    },
    async destroy(token) {
      if (!token || !TOKEN.test(token)) return null;
      const tokenHash = hashToken(token);
      await store.deleteSession(tokenHash);
      return tokenHash;
    },
  };
}
