import { Router, type Request, type Response } from 'express';
import { AcceptInviteSchema, InviteCheckSchema, LoginSchema, SESSION_COOKIE } from '../../protocol/index.ts';
import { agentProfile } from '../auth/agents.ts';
import { clientAddress, type TrustProxy } from '../auth/client-address.ts';
import type { Invites } from '../auth/invites.ts';
import { dummyHash, verifyPassword } from '../auth/password.ts';
import { SESSION_TTL_MS, type AgentSessions } from '../auth/sessions.ts';
import type { SignInLimits } from '../auth/sign-in-limits.ts';
import type { Logger } from '../log.ts';
import type { Store } from '../store/store.ts';
import { HttpError } from './errors.ts';
import { requireAgent, sessionToken, signedIn } from './guards.ts';

export interface AgentApiDeps {
  store: Store;
  sessions: AgentSessions;
  invites: Invites;
  log: Logger;
  limits: SignInLimits;
  /** Which hops' X-Forwarded-For to believe: the sign-in limits count the client, not the proxy. */
  trustProxy: TrustProxy;
  /** A session ended here (sign-out): its open sockets must end too, on every node. */
  onSessionRevoked(tokenHash: string): void;
}

function setSessionCookie(req: Request, res: Response, token: string): void {
  res.cookie(SESSION_COOKIE, token, { httpOnly: true, sameSite: 'lax', path: '/', secure: req.secure, maxAge: SESSION_TTL_MS });
}

/** /api/agent: sign in, sign out, who am I. */
export function agentApi({ store, sessions, invites, log, limits, trustProxy, onSessionRevoked }: AgentApiDeps): Router {
  const router = Router();

  router.post('/login', async (req, res) => {
    const parsed = LoginSchema.safeParse(req.body);
    if (!parsed.success) throw new HttpError('invalid_payload');
    const { email, password } = parsed.data;
    const address = clientAddress(req, trustProxy);
    // The limits come before the password hash, the one expensive step.
    const gate = await limits.gate(address, email);
    if (gate.verdict === 'refuse') {
      log.info({ ip: address }, 'sign-in rate limited');
      throw new HttpError('rate_limited');
    }
    const agent = await store.findAgentByEmail(email);
    // Same work whether or not the e-mail exists (or was removed), so timing does not reveal accounts.
    // An invited account has no password yet (an empty hash): it is checked against the dummy all the same.
    const ok = (await verifyPassword(password, agent?.passwordHash || (await dummyHash()))) && !!agent && !!agent.passwordHash && agent.removedAt === null;
    await gate.settle(ok);
    if (!agent || !ok) {
      log.info({ ip: address, limited: gate.addressFull }, 'sign-in refused');
      throw new HttpError(gate.addressFull ? 'rate_limited' : 'unauthorized');
    }
    const { token } = await sessions.create(agent.id);
    setSessionCookie(req, res, token);
    log.info({ agentId: agent.id }, 'signed in');
    res.json({ ok: true, agent: agentProfile(agent) });
  });

  // An invitation link (/agent#invite=…): whom it is for, then the password chosen, which signs them in.
  router.post('/invite', async (req, res) => {
    const { token } = InviteCheckSchema.parse(req.body);
    const agent = await invites.describe(token);
    if (!agent) throw new HttpError('not_found');
    res.json({ ok: true, agent });
  });

  router.post('/invite/accept', async (req, res) => {
    const { token, password } = AcceptInviteSchema.parse(req.body);
    const agent = await invites.accept(token, password);
    if (!agent) throw new HttpError('not_found');
    const { token: session } = await sessions.create(agent.id);
    setSessionCookie(req, res, session);
    log.info({ agentId: agent.id }, 'invitation accepted; signed in');
    res.json({ ok: true, agent });
  });

  router.post('/logout', async (req, res) => {
    const ended = await sessions.destroy(sessionToken(req));
    if (ended) onSessionRevoked(ended);
    res.clearCookie(SESSION_COOKIE, { httpOnly: true, sameSite: 'lax', path: '/', secure: req.secure });
    res.json({ ok: true });
  });

  router.get('/me', requireAgent(sessions), (_req, res) => {
    res.json({ ok: true, agent: signedIn(res) });
  });

  return router;
}
