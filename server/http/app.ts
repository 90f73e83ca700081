import express, { type Express } from 'express';
import type { RateLimiterFactory } from '../auth/rate-limit.ts';
import type { Invites } from '../auth/invites.ts';
import type { AgentSessions } from '../auth/sessions.ts';
import type { VisitorTokens } from '../auth/visitor-token.ts';
import { createSignInLimits } from '../auth/sign-in-limits.ts';
import type { Config } from '../config.ts';
import type { HoursSetting } from '../desk/hours-setting.ts';
import type { Logger } from '../log.ts';
import type { Store } from '../store/store.ts';
import { adminApi, type AdminApiDeps } from './admin-api.ts';
import { agentApi } from './agent-api.ts';
import { attachmentRoutes } from './attachments.ts';
import { apiNotFound, errorHandler } from './errors.ts';
import { health } from './health.ts';
import { pages } from './pages.ts';
import { reportsApi } from './reports-api.ts';
import { ratingPages, type RatingPagesDeps } from './rating-pages.ts';
import { pageHeaders } from './security.ts';

export interface HttpDeps {
  config: Pick<Config, 'distDir' | 'publicUrl' | 'allowedOrigins' | 'trustProxy' | 'rateLimitExempt' | 'intentsDir'>;
  store: Store;
  sessions: AgentSessions;
  /** Visitors' tokens: an upload or a download by a visitor carries theirs (Authorization: Bearer). */
  tokens: VisitorTokens;
  log: Logger;
  /** Where the sign-in limits count: this process's memory, or Redis for every node. */
  limiters: RateLimiterFactory;
  /** A session ended here (sign-out): the composition root ends its sockets; HTTP knows no sockets. */
  onSessionRevoked(tokenHash: string): void;
  invites: Invites;
  hours: HoursSetting;
  /** What admins change here that sockets must hear of (the composition root wires them). */
  admin: Pick<AdminApiDeps, 'onAgentRemoved' | 'onVisitorsErased' | 'onHoursChanged'>;
  /** The rating links of follow-up mails (/rate/<token>). */
  ratings: RatingPagesDeps;
}

/** The Express app: pages, bundles, the agent REST API and health. No listen(): main owns the server. */
export function createHttpApp({ config, store, sessions, tokens, log, limiters, onSessionRevoked, invites, hours, admin, ratings }: HttpDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  // Behind a trusted proxy req.ip is the client and req.secure follows X-Forwarded-Proto (Secure cookies
  // when HTTPS ends at a load balancer); the same rule as the sockets' (auth/client-address.ts).
  app.set('trust proxy', config.trustProxy);

  app.use((req, res, next) => {
    const started = performance.now();
    res.on('finish', () => log.debug({ method: req.method, path: req.path, status: res.statusCode, ms: Math.round(performance.now() - started) }, 'http'));
    next();
  });

  app.use(health({ store, log }));

  app.use('/api', pageHeaders(), express.json({ limit: '16kb' }));
  app.use('/api/agent', agentApi({ store, sessions, invites, log, limits: createSignInLimits(config.rateLimitExempt, limiters), trustProxy: config.trustProxy, onSessionRevoked }));
  app.use('/api/admin', adminApi({ store, sessions, invites, hours, publicUrl: config.publicUrl, log, ...admin }));
  app.use('/api/reports', reportsApi({ store, sessions, log, timeZone: () => hours.hours.timeZone, intentsDir: config.intentsDir }));
  app.use('/api', apiNotFound);
  app.use('/attachments', attachmentRoutes({ store, sessions, tokens, log, limiters }));

  app.use(ratingPages(ratings));
  app.use(pages(config));

  app.use((_req, res) => {
    res.status(404).type('text').send('Not found');
  });
  app.use(errorHandler(log));
  return app;
}
