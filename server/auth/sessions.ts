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
  /** Whether the session with this token hash may still act: not signed out, not expired or idle too long, its agent not removed. One indexed lookup. */
  isLive(tokenHash: string): Promise<boolean>;
  /** The role of a live session's agent as stored now (an admin demoted since sign-in is an agent), or null. */
  liveRole(tokenHash: string): Promise<AgentRole | null>;
  /** Ends the session; resolves with its token hash (to end its sockets too), or null for a malformed token. */
  destroy(token: string | null | undefined): Promise<string | null>;
}

const TOKEN = /^[A-Za-z0-9_-]{20,100}$/;

/** A session's use is written at most this often: a console's every event need not be a write. */
export const SESSION_TOUCH_MS = 60_000;

/**
 * `idleMs`: a session nobody used for this long ends (null: only the TTL ends it). Used means an HTTP
 * request with it, or a console of it connected: each node's session sweep checks its open consoles every
 * few seconds, which counts — an agent with the console open is at work even when no chat comes.
 */
export function createAgentSessions(store: Store, now: () => number = Date.now, idleMs: number | null = null): AgentSessions {
  const touched = new Map<string, number>();
  /** The session if live, marking it used (at most once a SESSION_TOUCH_MS per process). */
  const live = async (tokenHash: string) => {
    const at = now();
    const session = await store.findSession(tokenHash, at, idleMs === null ? undefined : at - idleMs);
    if (!session) {
      touched.delete(tokenHash);
      return null;
    }
    if (idleMs !== null && at - (touched.get(tokenHash) ?? 0) >= SESSION_TOUCH_MS) {
      touched.set(tokenHash, at);
      await store.touchSession(tokenHash, at);
      // Forget sessions not seen for a while, so the map stays as small as the set of active ones.
      if (touched.size > 10_000) for (const [hash, t] of touched) if (at - t > idleMs) touched.delete(hash);
    }
    return session;
  };
  return {
    async create(agentId) {
      const token = randomBytes(32).toString('base64url');
      const expiresAt = now() + SESSION_TTL_MS;
      await store.createSession({ tokenHash: hashToken(token), agentId, expiresAt });
      return { token, expiresAt };
    },
    async resolve(token) {
      if (!token || !TOKEN.test(token)) return null;
      const session = await live(hashToken(token));
      if (!session) return null;
      const agent = await store.getAgent(session.agentId);
      return agent ? agentProfile(agent) : null;
    },
    async isLive(tokenHash) {
      return (await live(tokenHash)) !== null;
    },
    async liveRole(tokenHash) {
      return (await live(tokenHash))?.role ?? null;
    },
    async destroy(token) {
      if (!token || !TOKEN.test(token)) return null;
      const tokenHash = hashToken(token);
      await store.deleteSession(tokenHash);
      touched.delete(tokenHash);
      return tokenHash;
    },
  };
}
