import { noneErased, OVER_STATUSES } from '../erased.ts';
import type { ErasedCounts } from '../store.ts';
import { visitorRow, type VisitorRecord } from '../records.ts';
import type { PgContext, Query } from './context.ts';
import type { ErasePart } from '../parts.ts';

const count = async (q: Query, sql: string, params: unknown[]) => (await q(`WITH d AS (${sql} RETURNING 1) SELECT COUNT(*)::int AS n FROM d`, params))[0]!.n as number;

/**
 * Deleting what the merchant no longer keeps: a visitor on request, old conversations by retention. Rows
 * that point at a conversation (messages, events, notes) are deleted explicitly, before it; tables added
 * later that point at one declare ON DELETE CASCADE. Each call is one transaction over a short list; the
 * conversations are locked first (retention skips those another node holds), so nodes never wait on each
 * other's batches and a message being appended to one waits for its fate.
 */
export function pgErase({ query, tx }: PgContext): ErasePart {
  async function eraseConversations(q: Query, ids: string[], counts: ErasedCounts): Promise<void> {
    if (ids.length === 0) return;
    counts.messages += await count(q, 'DELETE FROM messages WHERE conversation_id = ANY($1)', [ids]);
    counts.events += await count(q, 'DELETE FROM events WHERE conversation_id = ANY($1)', [ids]);
    counts.notes += await count(q, 'DELETE FROM notes WHERE conversation_id = ANY($1)', [ids]);
    counts.conversations += await count(q, 'DELETE FROM conversations WHERE id = ANY($1)', [ids]);
  }

  /** Deletes visitors (and their flags) among `ids` with no conversation left, last seen before `before` (if set). */
  async function eraseBareVisitors(q: Query, ids: string[], before: number | null, counts: ErasedCounts): Promise<void> {
    if (ids.length === 0) return;
    const bare = (
      await q<{ id: string }>(
        `SELECT id FROM visitors v WHERE id = ANY($1) AND NOT EXISTS (SELECT 1 FROM conversations c WHERE c.visitor_id = v.id)
           AND ($2::bigint IS NULL OR COALESCE(v.seen_at, v.created_at) < $2) FOR UPDATE SKIP LOCKED`,
        [ids, before],
      )
    ).map((r) => r.id);
    if (bare.length === 0) return;
    counts.flags += await count(q, 'DELETE FROM visitor_flags WHERE visitor_id = ANY($1)', [bare]);
    counts.visitors += await count(q, 'DELETE FROM visitors WHERE id = ANY($1)', [bare]);
  }

  return {
    async findVisitorsByEmail(email) {
      const rows = await query<VisitorRecord>('SELECT * FROM visitors WHERE lower(email) = lower($1) AND email IS NOT NULL ORDER BY created_at, id', [email.trim()]);
      return rows.map(visitorRow);
    },
    async eraseVisitors(visitorIds) {
      const ids = [...new Set(visitorIds)];
      return tx(async (q) => {
        const counts = noneErased();
        if (ids.length === 0) return counts;
        // The visitors' rows first: a conversation being started for one of them waits, then fails its reference.
        await q('SELECT id FROM visitors WHERE id = ANY($1) ORDER BY id FOR UPDATE', [ids]);
        const convs = (await q<{ id: string }>('SELECT id FROM conversations WHERE visitor_id = ANY($1) ORDER BY id FOR UPDATE', [ids])).map((r) => r.id);
        await eraseConversations(q, convs, counts);
        await eraseBareVisitors(q, ids, null, counts);
        return counts;
      });
    },
    async purgeConversations({ before, limit }) {
      return tx(async (q) => {
        const counts = noneErased();
        const rows = await q<{ id: string; visitor_id: string }>(
          `SELECT id, visitor_id FROM conversations WHERE status = ANY($1) AND updated_at < $2 ORDER BY updated_at LIMIT $3 FOR UPDATE SKIP LOCKED`,
          [OVER_STATUSES, before, limit],
        );
        // FOR UPDATE checks the condition again on a row changed meanwhile: a conversation that just woke up stays.
        await eraseConversations(q, rows.map((r) => r.id), counts);
        await eraseBareVisitors(q, [...new Set(rows.map((r) => r.visitor_id))], before, counts);
        return counts;
      });
    },
    async purgeVisitors({ before, after, scan }) {
      return tx(async (q) => {
        const counts = noneErased();
        const ids = (await q<{ id: string }>('SELECT id FROM visitors WHERE id > $1 ORDER BY id LIMIT $2', [after ?? '', scan])).map((r) => r.id);
        await eraseBareVisitors(q, ids, before, counts);
        return { erased: counts, next: ids.length < scan ? null : ids[ids.length - 1]! };
      });
    },
  };
}
