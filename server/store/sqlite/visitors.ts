import { randomUUID } from 'node:crypto';
import type { FlagRow, VisitorRow } from '../rows.ts';
import type { SqliteContext } from './context.ts';
import { VISITOR_COLUMNS, patchSql } from '../patch-sql.ts';
import { addFlags, visitorRow, type FlagRecord, type VisitorRecord } from '../records.ts';
import type { VisitorPart } from '../parts.ts';

/** Visitors and the flags agents put on them. */
export function sqliteVisitors({ db, now, prepared, marks }: SqliteContext): VisitorPart {
  const q = {
    insert: db.prepare('INSERT INTO visitors (id, created_at) VALUES (?, ?)'),
    get: db.prepare('SELECT * FROM visitors WHERE id = ?'),
    byExternalId: db.prepare('SELECT * FROM visitors WHERE external_id = ?'),
    // OR IGNORE: another process may have given the id to a visitor since we looked (the unique index).
    adopt: db.prepare('UPDATE OR IGNORE visitors SET external_id = ? WHERE id = ? AND external_id IS NULL'),
    insertVerified: db.prepare('INSERT INTO visitors (id, external_id, created_at) VALUES (?, ?, ?) ON CONFLICT (external_id) DO NOTHING'),
    setFlag: db.prepare(
      `INSERT INTO visitor_flags (visitor_id, label, set_by, at) VALUES (?, ?, ?, ?)
       ON CONFLICT (visitor_id, label) DO UPDATE SET set_by = excluded.set_by, at = excluded.at`,
    ),
    removeFlag: db.prepare('DELETE FROM visitor_flags WHERE visitor_id = ? AND label = ?'),
  };

  return {
    async createVisitor() {
      const id = randomUUID();
      const at = now();
      q.insert.run(id, at);
      return visitorRow(q.get.get(id) as VisitorRecord);
    },
    async getVisitor(id) {
      const r = q.get.get(id) as VisitorRecord | undefined;
      return r ? visitorRow(r) : null;
    },
    async getVisitors(ids) {
      const unique = [...new Set(ids)];
      if (unique.length === 0) return [];
      const rows: VisitorRow[] = [];
      // SQLite binds at most 32,766 parameters; lists here are far shorter, but stay well clear.
      for (let i = 0; i < unique.length; i += 500) {
        const chunk = unique.slice(i, i + 500);
        rows.push(...(prepared(`SELECT * FROM visitors WHERE id IN (${marks(chunk.length)})`).all(...chunk) as VisitorRecord[]).map(visitorRow));
      }
      return rows;
    },
    async updateVisitor(id, patch) {
      const { sets, values } = patchSql(patch, VISITOR_COLUMNS);
      if (sets.length > 0) prepared(`UPDATE visitors SET ${sets.join(', ')} WHERE id = ?`).run(...values, id);
    },
    async visitorForExternalId(externalId, adopt) {
      const held = () => q.byExternalId.get(externalId) as VisitorRecord | undefined;
      const found = held() ?? (adopt && q.adopt.run(externalId, adopt).changes ? held() : undefined);
      if (found) return visitorRow(found);
      q.insertVerified.run(randomUUID(), externalId, now());
      return visitorRow(held()!);
    },

    async listVisitorFlags(visitorIds) {
      const out = new Map<string, FlagRow[]>();
      const unique = [...new Set(visitorIds)];
      for (let i = 0; i < unique.length; i += 500) {
        const chunk = unique.slice(i, i + 500);
        const rows = prepared(
          `SELECT f.visitor_id, f.label, f.set_by, a.name AS agent_name, f.at FROM visitor_flags f JOIN agents a ON a.id = f.set_by
           WHERE f.visitor_id IN (${marks(chunk.length)}) ORDER BY f.at, f.label`,
        ).all(...chunk) as FlagRecord[];
        addFlags(out, rows);
      }
      return out;
    },
    async setVisitorFlag({ visitorId, label, agentId, at }) {
      q.setFlag.run(visitorId, label, agentId, at);
    },
    async removeVisitorFlag(visitorId, label) {
      q.removeFlag.run(visitorId, label);
    },
  };
}
