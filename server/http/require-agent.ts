import type { RequestHandler } from 'express';
import { SESSION_COOKIE } from '../../protocol/index.ts';
import { parseCookies } from '../auth/cookies.ts';
import type { AgentSessions } from '../auth/sessions.ts';
import { HttpError } from './errors.ts';

/** Signed-in agents only (401 otherwise); the agent is in `res.locals.agent` for the handlers after it. */
export function requireAgent(sessions: AgentSessions): RequestHandler {
  return async (req, res, next) => {
    const agent = await sessions.resolve(parseCookies(req.headers.cookie).get(SESSION_COOKIE));
    if (!agent) throw new HttpError('unauthorized');
    res.locals.agent = agent;
    next();
  };
}
