import { Router } from 'express';
import { logFailure, type Logger } from '../log.ts';
import type { Store } from '../store/store.ts';

/**
 * Two probes, as load balancers and orchestrators expect. /healthz is liveness: the process is up and
 * serving HTTP (restart it if not). /readyz is readiness: every part a chat needs answers a real query,
 * else 503 with the parts that failed (send it no traffic, do not restart it — a full disk or a damaged
 * database is not cured by a restart). Parts to come: the shared adapter (Redis) with several nodes.
 */
export function health({ store, log }: { store: Store; log: Logger }): Router {
  const router = Router();
  router.get('/healthz', (_req, res) => {
    res.set('Cache-Control', 'no-store').json({ ok: true });
  });
  router.get('/readyz', async (_req, res) => {
    const checks: Record<string, () => Promise<void>> = { store: () => store.ready() };
    const failed: string[] = [];
    for (const [part, check] of Object.entries(checks)) {
      try {
        await check();
      } catch (err) {
        failed.push(part);
        logFailure(log, err, { part }, 'not ready');
      }
    }
    res.set('Cache-Control', 'no-store');
    if (failed.length > 0) res.status(503).json({ ok: false, failed });
    else res.json({ ok: true });
  });
  return router;
}
