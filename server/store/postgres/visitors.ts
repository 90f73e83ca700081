import { randomUUID } from 'node:crypto';
import type { FlagRow } from '../rows.ts';
import { VISITOR_COLUMNS, patchSql } from '../patch-sql.ts';
import { visitorRow, type VisitorRecord } from '../records.ts';
import type { Store } from '../store.ts';
import { markFrom, type PgContext } from './context.ts';

type VisitorPart = Pick<Store, 'createVisitor' | 'getVisitor' | 'getVisitors' | 'updateVisitor' | 'listVisitorFlags' | 'setVisitorFlag' | 'removeVisitorFlag'>;

/** Visitors and the flags agents put on them. */
export function pgVisitors({ query, now }: PgContext): VisitorPart {
  return {
    async createVisitor() {
      const [r] = await query<VisitorRecord>('INSERT INTO visitors (id, created_at) VALUES ($1, $2) RETURNING *', [randomUUID(), now()]);
      return visitorRow(r!);
    },
    async getVisitor(id) {
      const [r] = await query<VisitorRecord>('SELECT * FROM visitors WHERE id = $1', [id]);
      return r ? visitorRow(r) : null;
    },
    async getVisitors(ids) {
      const unique = [...new Set(ids)];
      if (unique.length === 0) return [];
      return (await query<VisitorRecord>('SELECT * FROM visitors WHERE id = ANY($1::text[])', [unique])).map(visitorRow);
    },
    async updateVisitor(id, patch) {
      const { sets, values } = patchSql(patch, VISITOR_COLUMNS, markFrom(1));
      if (sets.length > 0) await query(`UPDATE visitors SET ${sets.join(', ')} WHERE id = $1`, [id, ...values]);
    },

    async listVisitorFlags(visitorIds) {
      const out = new Map<string, FlagRow[]>();
      const unique = [...new Set(visitorIds)];
      if (unique.length === 0) return out;
      const rows = await query<{ visitor_id: string; label: string; set_by: string; agent_name: string; at: number }>(
        `SELECT f.visitor_id, f.label, f.set_by, a.name AS agent_name, f.at FROM visitor_flags f JOIN agents a ON a.id = f.set_by
         WHERE f.visitor_id = ANY($1::text[]) ORDER BY f.at, f.label`,
        [unique],
      );
      for (const r of rows) {
        const list = out.get(r.visitor_id) ?? [];
        list.push({ visitorId: r.visitor_id, label: r.label, setBy: { id: r.set_by, name: r.agent_name }, at: r.at });
        out.set(r.visitor_id, list);
      }
      return out;
    },
    async setVisitorFlag({ visitorId, label, agentId, at }) {
      await query(
        `INSERT INTO visitor_flags (visitor_id, label, set_by, at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (visitor_id, label) DO UPDATE SET set_by = excluded.set_by, at = excluded.at`,
        [visitorId, label, agentId, at],
      );
    },
    async removeVisitorFlag(visitorId, label) {
      await query('DELETE FROM visitor_flags WHERE visitor_id = $1 AND label = $2', [visitorId, label]);
    },
  };
}
