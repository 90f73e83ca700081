import type { Report } from '../../protocol/index.ts';
import type { Cursor, ReportConversation, ReportRange, Store } from '../store/store.ts';
import { createReportBuilder } from './figures.ts';
import { groupUnanswered } from './unanswered.ts';

/** Conversations read per store call: a page's rows are dropped once counted. */
export const REPORT_PAGE = 1000;
/** Unanswered questions read at most (the newest): enough to rank what is asked, bounded for grouping. */
export const MAX_UNANSWERED = 5000;

/** Every conversation of the range, page by page (the store's order: creation time, then id). */
export async function* rangeConversations(store: Store, range: ReportRange, page = REPORT_PAGE): AsyncGenerator<ReportConversation[]> {
  let after: Cursor | null = null;
  for (;;) {
    const rows = await store.reportConversations({ range, after, limit: page });
    if (rows.length > 0) yield rows;
    if (rows.length < page) return;
    const last = rows[rows.length - 1]!;
    after = { at: last.createdAt, id: last.id };
  }
}

/** Agents' names, removed ones included (their history stays theirs). */
export async function agentNames(store: Store, ids: Iterable<string>): Promise<Map<string, string>> {
  const names = new Map<string, string>();
  for (const id of ids) {
    const agent = await store.getAgent(id);
    if (agent) names.set(id, agent.name);
  }
  return names;
}

/** The figures of GET /api/reports, replayed from the store's event log (`page`: conversations per read). */
export async function buildReport(store: Store, range: ReportRange, timeZone: string, page = REPORT_PAGE): Promise<Report> {
  const builder = createReportBuilder({ range, timeZone });
  for await (const rows of rangeConversations(store, range, page)) for (const c of rows) builder.add(c);
  const asked = await store.reportUnanswered({ range, limit: MAX_UNANSWERED });
  return builder.finish({
    names: await agentNames(store, builder.agentIds()),
    unanswered: groupUnanswered(asked.map((q) => q.text)),
    unansweredRead: asked.length,
  });
}
