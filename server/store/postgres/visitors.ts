import { randomUUID } from 'node:crypto';
import type { FlagRow } from '../rows.ts';
import { VISITOR_COLUMNS, patchSql } from '../patch-sql.ts';
import { addFlags, visitorRow, type FlagRecord, type VisitorRecord } from '../records.ts';
import { isUniqueViolation, markFrom, type PgContext } from './context.ts';
import type { VisitorPart } from '../parts.ts';

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
    async visitorForExternalId(externalId, adopt) {
      const held = async () => (await query<VisitorRecord>('SELECT * FROM visitors WHERE external_id = $1', [externalId]))[0];
      let found = await held();
      if (!found && adopt) {
        // The NOT EXISTS keeps the common race off the unique index; a race inside it still fails there.
        try {
          [found] = await query<VisitorRecord>(
            `UPDATE visitors SET external_id = $1 WHERE id = $2 AND external_id IS NULL
               AND NOT EXISTS (SELECT 1 FROM visitors WHERE external_id = $1) RETURNING *`,
            [externalId, adopt],
          );
        } catch (err) {
          if (!isUniqueViolation(err, 'visitors_external_id')) throw err;
        }
      }
      if (found) return visitorRow(found);
      await query('INSERT INTO visitors (id, external_id, created_at) VALUES ($1, $2, $3) ON CONFLICT (external_id) DO NOTHING', [randomUUID(), externalId, now()]);
      return visitorRow((await held())!);
    },

    async listVisitorFlags(visitorIds) {
      const out = new Map<string, FlagRow[]>();
      const unique = [...new Set(visitorIds)];
      if (unique.length === 0) return out;
      const rows = await query<FlagRecord>(
        `SELECT f.visitor_id, f.label, f.set_by, a.name AS agent_name, f.at FROM visitor_flags f JOIN agents a ON a.id = f.set_by
         WHERE f.visitor_id = ANY($1::text[]) ORDER BY f.at, f.label`,
        [unique],
      );
      return addFlags(out, rows);
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
