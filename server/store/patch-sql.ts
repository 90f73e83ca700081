import type { ConversationPatch, VisitorPatch } from './store.ts';

export interface ColumnSpec {
  column: string;
  /** Objects are stored as JSON text. */
  json?: boolean;
}

/** Fields a transition may set → columns. */
export const TRANSITION_COLUMNS: Record<keyof ConversationPatch, ColumnSpec> = {
  priority: { column: 'priority' },
  assignedAgentId: { column: 'assigned_agent_id' },
  handoff: { column: 'handoff', json: true },
  queuedAt: { column: 'queued_at' },
  resolvedAt: { column: 'resolved_at' },
  botState: { column: 'bot_state', json: true },
  contactRequestedAt: { column: 'contact_requested_at' },
  firstReplyAt: { column: 'first_reply_at' },
  releasedBy: { column: 'released_by' },
};

/** Fields updateConversation may set → columns. */
export const UPDATE_COLUMNS: Record<'botState' | 'locale', ColumnSpec> = {
  botState: { column: 'bot_state', json: true },
  locale: { column: 'locale' },
};

/** Fields updateVisitor may set → columns. */
export const VISITOR_COLUMNS: Record<keyof VisitorPatch, ColumnSpec> = {
  name: { column: 'name' },
  email: { column: 'email' },
  pageUrl: { column: 'page_url' },
  pageTitle: { column: 'page_title' },
  userAgent: { column: 'user_agent' },
  timeZone: { column: 'time_zone' },
  seenAt: { column: 'seen_at' },
};

/**
 * `SET` fragments and their values for the fields present in a patch. Keys are visited in the spec's
 * order, not the patch's, so equal sets of fields give the same SQL text and reuse one prepared statement.
 * `undefined` means "leave alone"; `null` clears the column.
 */
export function patchSql(
  patch: object,
  columns: Record<string, ColumnSpec>,
  /** The placeholder of the n-th value (0-based): SQLite's `?` by default, PostgreSQL's `$n` when passed. */
  mark: (n: number) => string = () => '?',
): { sets: string[]; values: unknown[] } {
  const sets: string[] = [];
  const values: unknown[] = [];
  for (const [key, spec] of Object.entries(columns)) {
    const value = (patch as Record<string, unknown>)[key];
    if (value === undefined) continue;
    sets.push(`${spec.column} = ${mark(values.length)}`);
    values.push(spec.json && value !== null ? JSON.stringify(value) : value);
  }
  return { sets, values };
}
