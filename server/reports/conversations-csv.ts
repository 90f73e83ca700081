import type { MessageRow, ReportConversation, ReportRange, Store } from '../store/store.ts';
import { csvRow } from './csv.ts';
import { isHandoff } from './figures.ts';
import { agentNames, rangeConversations } from './report.ts';

/** Rows per store round: a page's transcripts are written out before the next is read. */
const CSV_PAGE = 200;
/** A spreadsheet cell holds 32,767 characters; a longer transcript is cut there, and says so. */
const MAX_TRANSCRIPT = 32_000;

export const CSV_HEADER = ['id', 'created_at', 'status', 'locale', 'priority', 'reasons', 'handed_off_at', 'first_response_at', 'resolved_at', 'agent', 'rating', 'transcript'];

const iso = (ms: number | null | undefined) => (ms === null || ms === undefined ? null : new Date(ms).toISOString());

function transcript(messages: MessageRow[]): string {
  let out = '';
  for (const m of messages) {
    const who = m.author === 'agent' ? `agent ${m.authorName ?? ''}`.trim() : m.author;
    const line = `[${iso(m.createdAt)}] ${who}: ${m.text}`;
    if (out.length + line.length + 1 > MAX_TRANSCRIPT) return out + '\n[…cut]';
    out += (out ? '\n' : '') + line;
  }
  return out;
}

function row(c: ReportConversation, messages: MessageRow[], names: Map<string, string>): string {
  const handoff = c.events.findLast(isHandoff);
  const agentId = c.assignedAgentId ?? c.events.findLast((e) => e.to === 'resolved' && e.actor.kind === 'agent')?.actor.id ?? null;
  return csvRow([
    c.id,
    iso(c.createdAt),
    c.status,
    c.locale,
    handoff?.priority ?? null,
    handoff?.reason ?? null,
    iso(handoff?.at),
    iso(handoff?.firstAgentAt),
    iso(c.resolvedAt),
    agentId === null ? null : (names.get(agentId) ?? agentId),
    c.ratingScore,
    transcript(messages),
  ]);
}

/**
 * GET /api/reports/conversations.csv: one row per conversation of the range, page by page, so a year's
 * file never sits in memory; the caller writes each chunk and waits for the socket to drain.
 */
export async function* conversationsCsv(store: Store, range: ReportRange): AsyncGenerator<string> {
  yield csvRow(CSV_HEADER);
  const names = new Map<string, string>();
  for await (const page of rangeConversations(store, range, CSV_PAGE)) {
    const unknown = new Set(page.flatMap((c) => [c.assignedAgentId, ...c.events.map((e) => (e.actor.kind === 'agent' ? e.actor.id : null))]).filter((id): id is string => !!id && !names.has(id)));
    for (const [id, name] of await agentNames(store, unknown)) names.set(id, name);
    const messages = await store.listTranscripts(page.map((c) => c.id));
    const byConversation = new Map<string, MessageRow[]>();
    for (const m of messages) {
      const list = byConversation.get(m.conversationId) ?? [];
      list.push(m);
      byConversation.set(m.conversationId, list);
    }
    yield page.map((c) => row(c, byConversation.get(c.id) ?? [], names)).join('');
  }
}
