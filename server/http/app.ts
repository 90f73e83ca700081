import express, { type Express } from 'express';
import type { AgentSessions } from '../auth/sessions.ts';
import type { Config } from '../config.ts';
import type { Logger } from '../log.ts';
import type { Store } from '../store/store.ts';
import { agentApi } from './agent-api.ts';
import { apiNotFound, errorHandler } from './errors.ts';
import { pages } from './pages.ts';
import { pageHeaders } from './security.ts';

export interface HttpDeps {
  config: Pick<Config, 'distDir' | 'publicUrl' | 'allowedOrigins'>;
  store: Store;
  sessions: AgentSessions;
  log: Logger;
}

/** The Express app: pages, bundles, the agent REST API and health. No listen(): main owns the server. */
export function createHttpApp({ config, store, sessions, log }: HttpDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', false);

  app.use((req, res, next) => {
    const started = performance.now();
    res.on('finish', () => log.debug({ method: req.method, path: req.path, status: res.statusCode, ms: Math.round(performance.now() - started) }, 'http'));
    next();
  });

  app.get('/healthz', (_req, res) => {
    res.set('Cache-Control', 'no-store').json({ ok: true });
  });

  app.use('/api', pageHeaders(), express.json({ limit: '16kb' }));
  app.use('/api/agent', agentApi({ store, sessions, log }));
  app.use('/api', apiNotFound);

  app.use(pages(config));

  app.use((_req, res) => {
    res.status(404).type('text').send('Not found');
  });
  app.use(errorHandler(log));
  return app;
}
