import type { Request, RequestHandler, Response } from 'express';
import { SESSION_COOKIE, type AgentProfile } from '../../protocol/index.ts';
import { parseCookies } from '../auth/cookies.ts';
import type { AgentSessions } from '../auth/sessions.ts';
import { HttpError } from './errors.ts';

/** The session cookie's token, if the request carries one. */
export const sessionToken = (req: Request): string | undefined => parseCookies(req.headers.cookie).get(SESSION_COOKIE);

/** The signed-in agent a guard below let through. */
export const signedIn = (res: Response): AgentProfile => res.locals.agent as AgentProfile;

/**
 * Lets a request through with a live session (`unauthorized` otherwise) and, with `admin`, only an admin's
 * (`forbidden` otherwise). The role is read from the store on each request, never from the sign-in, so a
 * demoted or removed account loses its rights at its next request.
 */
function guard(sessions: AgentSessions, admin: boolean): RequestHandler {
  return async (req, res, next) => {
    const agent = await sessions.resolve(sessionToken(req));
    if (!agent) throw new HttpError('unauthorized');
    if (admin && agent.role !== 'admin') throw new HttpError('forbidden');
    res.locals.agent = agent;
    next();
  };
}

/** Any signed-in agent or admin. */
export const requireAgent = (sessions: AgentSessions): RequestHandler => guard(sessions, false);
/** Admins only: every admin route is mounted behind this. */
export const requireAdmin = (sessions: AgentSessions): RequestHandler => guard(sessions, true);
