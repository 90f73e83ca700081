import { noneErased, OVER_STATUSES } from '../erased.ts';
import type { ErasedCounts } from '../store.ts';
import type { SqliteContext } from './context.ts';
import { visitorRow, type VisitorRecord } from '../records.ts';
import type { ErasePart } from '../parts.ts';

const OVER = `(${OVER_STATUSES.map((s) => `'${s}'`).join(', ')})`;

/**
 * Deleting what the merchant no longer keeps: a visitor on request, old conversations by retention. Rows
 * that point at a conversation (messages, events, notes) are deleted explicitly, before it; tables added
 * later that point at one declare ON DELETE CASCADE (foreign_keys is ON). Each call is one transaction,
 * with lists kept short by its callers, so the writer is never held for long.
 */
export function sqliteErase({ db, prepared, marks }: SqliteContext): ErasePart {
  const q = {
    byEmail: db.prepare('SELECT * FROM visitors WHERE lower(email) = lower(?) AND email IS NOT NULL ORDER BY created_at, id'),
    old: db.prepare(`SELECT id, visitor_id FROM conversations WHERE status IN ${OVER} AND updated_at < ? ORDER BY updated_at LIMIT ?`),
    scan: db.prepare('SELECT id FROM visitors WHERE id > ? ORDER BY id LIMIT ?'),
    // The search index holds rows up to `up_to`; it must forget deleted ones (external content).
    indexed: db.prepare('SELECT up_to FROM messages_fts_indexed'),
    unindex: db.prepare("INSERT INTO messages_fts(messages_fts, rowid, text) VALUES ('delete', ?, ?)"),
    // Rowids of deleted messages at the top may be given again: what is indexed must stay below new rows.
    lowerMark: db.prepare('UPDATE messages_fts_indexed SET up_to = MIN(up_to, COALESCE((SELECT MAX(rowid) FROM messages), 0))'),
  };

  /** Deletes conversations and what hangs on them; `ids` at most a few hundred. */
  function eraseConversations(ids: string[], counts: ErasedCounts): void {
    if (ids.length === 0) return;
    const list = marks(ids.length);
    const upTo = (q.indexed.get() as { up_to: number }).up_to;
    const indexed = prepared(`SELECT rowid, text FROM messages WHERE conversation_id IN (${list}) AND rowid <= ?`).all(...ids, upTo) as Array<{ rowid: number; text: string }>;
    for (const m of indexed) q.unindex.run(m.rowid, m.text);
    counts.messages += prepared(`DELETE FROM messages WHERE conversation_id IN (${list})`).run(...ids).changes;
    counts.events += prepared(`DELETE FROM events WHERE conversation_id IN (${list})`).run(...ids).changes;
    counts.notes += prepared(`DELETE FROM notes WHERE conversation_id IN (${list})`).run(...ids).changes;
    counts.conversations += prepared(`DELETE FROM conversations WHERE id IN (${list})`).run(...ids).changes;
    q.lowerMark.run();
  }

  /** Deletes visitors (and their flags) among `ids` with no conversation left, last seen before `before` (if set). */
  function eraseBareVisitors(ids: string[], before: number | null, counts: ErasedCounts): void {
    if (ids.length === 0) return;
    const bare = (
      prepared(
        `SELECT id FROM visitors v WHERE id IN (${marks(ids.length)})
           AND NOT EXISTS (SELECT 1 FROM conversations c WHERE c.visitor_id = v.id)
           ${before === null ? '' : 'AND COALESCE(v.seen_at, v.created_at) < ?'}`,
      ).all(...ids, ...(before === null ? [] : [before])) as Array<{ id: string }>
    ).map((r) => r.id);
    if (bare.length === 0) return;
    counts.flags += prepared(`DELETE FROM visitor_flags WHERE visitor_id IN (${marks(bare.length)})`).run(...bare).changes;
    counts.visitors += prepared(`DELETE FROM visitors WHERE id IN (${marks(bare.length)})`).run(...bare).changes;
  }

  const eraseVisitorsTx = db.transaction((visitorIds: string[]) => {
    const counts = noneErased();
    for (let i = 0; i < visitorIds.length; i += 200) {
      const chunk = visitorIds.slice(i, i + 200);
      const convs = (prepared(`SELECT id FROM conversations WHERE visitor_id IN (${marks(chunk.length)})`).all(...chunk) as Array<{ id: string }>).map((r) => r.id);
      for (let j = 0; j < convs.length; j += 200) eraseConversations(convs.slice(j, j + 200), counts);
      eraseBareVisitors(chunk, null, counts);
    }
    return counts;
  });

  const purgeTx = db.transaction((before: number, limit: number) => {
    const counts = noneErased();
    const rows = q.old.all(before, limit) as Array<{ id: string; visitor_id: string }>;
    eraseConversations(rows.map((r) => r.id), counts);
    eraseBareVisitors([...new Set(rows.map((r) => r.visitor_id))], before, counts);
    return counts;
  });

  const scanTx = db.transaction((before: number, after: string, scan: number) => {
    const counts = noneErased();
    const ids = (q.scan.all(after, scan) as Array<{ id: string }>).map((r) => r.id);
    eraseBareVisitors(ids, before, counts);
    return { erased: counts, next: ids.length < scan ? null : ids[ids.length - 1]! };
  });

  return {
    async findVisitorsByEmail(email) {
      return (q.byEmail.all(email.trim()) as VisitorRecord[]).map(visitorRow);
    },
    async eraseVisitors(visitorIds) {
      return eraseVisitorsTx.immediate([...new Set(visitorIds)]);
    },
    async purgeConversations({ before, limit }) {
      return purgeTx.immediate(before, limit);
    },
    async purgeVisitors({ before, after, scan }) {
      return scanTx.immediate(before, after ?? '', scan);
    },
  };
}
