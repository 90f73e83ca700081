import { Router, type Request, type Response } from 'express';
import { LoginSchema, SESSION_COOKIE } from '../../protocol/index.ts';
import { parseCookies } from '../auth/cookies.ts';
import { dummyHash, verifyPassword } from '../auth/password.ts';
import { createRateLimiter } from '../auth/rate-limit.ts';
import { SESSION_TTL_MS, type AgentSessions } from '../auth/sessions.ts';
import type { Logger } from '../log.ts';
import type { Store } from '../store/store.ts';
import { HttpError } from './errors.ts';

export interface AgentApiDeps {
  store: Store;
  sessions: AgentSessions;
  log: Logger;
}

const sessionToken = (req: Request) => parseCookies(req.headers.cookie).get(SESSION_COOKIE);

function setSessionCookie(req: Request, res: Response, token: string): void {
  res.cookie(SESSION_COOKIE, token, { httpOnly: true, sameSite: 'lax', path: '/', secure: req.secure, maxAge: SESSION_TTL_MS });
}

/** /api/agent: sign in, sign out, who am I. */
export function agentApi({ store, sessions, log }: AgentApiDeps): Router {
  const router = Router();
  // Per IP, in this process's memory: 10 attempts at once, then one every 6 s. Enough to make guessing
  // slow on one node; several nodes would share the count in Redis.
  const attempts = createRateLimiter({ capacity: 10, perSecond: 1 / 6 });

  router.post('/login', async (req, res) => {
    if (!attempts.take(req.ip ?? 'unknown')) throw new HttpError('rate_limited');
    const parsed = LoginSchema.safeParse(req.body);
    if (!parsed.success) throw new HttpError('invalid_payload');
    const { email, password } = parsed.data;
    const agent = await store.findAgentByEmail(email);
    // Same work whether or not the e-mail exists, so timing does not reveal accounts.
    const ok = await verifyPassword(password, agent?.passwordHash ?? (await dummyHash()));
    if (!agent || !ok) {
      log.info({ ip: req.ip }, 'sign-in refused');
      throw new HttpError('unauthorized');
    }
    const { token } = await sessions.create(agent.id);
    setSessionCookie(req, res, token);
    log.info({ agentId: agent.id }, 'signed in');
    res.json({ ok: true, agent: { id: agent.id, name: agent.name, email: agent.email } });
  });

  router.post('/logout', async (req, res) => {
    await sessions.destroy(sessionToken(req));
    res.clearCookie(SESSION_COOKIE, { httpOnly: true, sameSite: 'lax', path: '/', secure: req.secure });
    res.json({ ok: true });
  });

  router.get('/me', async (req, res) => {
    const agent = await sessions.resolve(sessionToken(req));
    if (!agent) throw new HttpError('unauthorized');
    res.json({ ok: true, agent });
  });

  return router;
}
