import { Router } from 'express';
import type { AgentSessions } from '../auth/sessions.ts';
import { saveNewIntent } from '../intents/save.ts';
import type { Logger } from '../log.ts';
import { conversationsCsv } from '../reports/conversations-csv.ts';
import { createGate, type Gate } from '../reports/gate.ts';
import { parseRange } from '../reports/range.ts';
import { buildReport } from '../reports/report.ts';
import type { ReportRange, Store } from '../store/store.ts';
import { HttpError } from './errors.ts';
import { requireAdmin, requireAgent, signedIn } from './guards.ts';

export interface ReportsApiDeps {
  store: Store;
  sessions: AgentSessions;
  log: Logger;
  /** The business time zone, as admins last set it (else PARLEY_TIMEZONE): days and hours are counted in it. */
  timeZone: () => string;
  /** The intent pack's folder (PARLEY_INTENTS_DIR): "Add to the FAQ" writes a new intent there. */
  intentsDir: string;
  /** Reports built at once (default: MAX_REPORTS_AT_ONCE); over it, `503 busy`. */
  gate?: Gate;
}

function range(query: { from?: unknown; to?: unknown }): ReportRange {
  const parsed = parseRange(query);
  if (!parsed.ok) throw new HttpError('invalid_payload', parsed.reason);
  return parsed.range;
}

/**
 * /api/reports: the figures and the conversations as CSV for every signed-in agent, and (admins only) a new
 * FAQ intent from the unanswered questions.
 */
export function reportsApi({ store, sessions, log, timeZone, intentsDir, gate = createGate() }: ReportsApiDeps): Router {
  const router = Router();
  router.use(requireAgent(sessions));

  /** Runs `work` in one of the gate's slots, or refuses with `busy`; the slot is freed however it ends. */
  const gated = async (work: () => Promise<void>) => {
    const release = gate.enter();
    if (!release) throw new HttpError('busy');
    try {
      await work();
    } finally {
      release();
    }
  };

  router.get('/', async (req, res) => {
    const r = range(req.query);
    await gated(async () => {
      const report = await buildReport(store, r, timeZone());
      res.set('cache-control', 'no-store').json({ ok: true, report });
    });
  });

  router.get('/conversations.csv', async (req, res) => {
    const r = range(req.query);
    await gated(async () => {
      const name = `conversations-${new Date(r.from).toISOString().slice(0, 10)}-${new Date(r.to).toISOString().slice(0, 10)}.csv`;
      // Every transcript of the range: an attachment no cache keeps.
      res.status(200).set({ 'content-type': 'text/csv; charset=utf-8; header=present', 'content-disposition': `attachment; filename="${name}"`, 'cache-control': 'no-store' });
      let aborted = false;
      res.on('close', () => (aborted = !res.writableFinished));
      for await (const chunk of conversationsCsv(store, r)) {
        if (aborted) return;
        // Backpressure: the next page is read only when the client has taken this one (or has gone).
        if (!res.write(chunk)) await new Promise<void>((resolve) => res.once('drain', resolve).once('close', resolve));
      }
      res.end();
    });
  });

  // Writing the FAQ is an admin's: agents see the unanswered questions, an admin turns them into an intent.
  router.post('/faq', requireAdmin(sessions), async (req, res) => {
    const saved = await saveNewIntent(intentsDir, req.body);
    if (!saved.ok) throw new HttpError(saved.code, saved.reason);
    log.info({ agentId: signedIn(res).id, intent: saved.intent.id }, 'FAQ intent added from the reports');
    res.status(201).json({ ok: true, intent: { id: saved.intent.id } });
  });

  return router;
}
