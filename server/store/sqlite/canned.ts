import { randomUUID } from 'node:crypto';
import type { CannedRow } from '../rows.ts';
import type { Store } from '../store.ts';
import type { SqliteContext } from './context.ts';

type CannedPart = Pick<Store, 'listCanned' | 'saveCanned' | 'deleteCanned'>;

interface CannedRecord {
  id: string;
  shortcut: string;
  text: string;
  updated_by: string | null;
  agent_name: string | null;
  updated_at: number;
}

const cannedRow = (r: CannedRecord): CannedRow => ({
  id: r.id,
  shortcut: r.shortcut,
  text: r.text,
  updatedBy: r.updated_by && r.agent_name !== null ? { id: r.updated_by, name: r.agent_name } : null,
  updatedAt: r.updated_at,
});

const SELECT = 'SELECT c.*, a.name AS agent_name FROM canned_responses c LEFT JOIN agents a ON a.id = c.updated_by';

const isUniqueViolation = (err: unknown) => (err as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE';

/** Saved replies, shared by the team; a shortcut names one reply only. */
export function sqliteCanned({ db, now }: SqliteContext): CannedPart {
  const q = {
    list: db.prepare(`${SELECT} ORDER BY c.shortcut`),
    get: db.prepare(`${SELECT} WHERE c.id = ?`),
    insert: db.prepare('INSERT INTO canned_responses (id, shortcut, text, updated_by, updated_at) VALUES (?, ?, ?, ?, ?)'),
    update: db.prepare('UPDATE canned_responses SET shortcut = ?, text = ?, updated_by = ?, updated_at = ? WHERE id = ?'),
    delete: db.prepare('DELETE FROM canned_responses WHERE id = ?'),
  };
  return {
    async listCanned() {
      return (q.list.all() as CannedRecord[]).map(cannedRow);
    },
    async saveCanned({ id, shortcut, text, agentId }) {
      const target = id ?? randomUUID();
      try {
        if (id === null) q.insert.run(target, shortcut, text, agentId, now());
        else if (q.update.run(shortcut, text, agentId, now(), id).changes === 0) return null;
      } catch (err) {
        if (isUniqueViolation(err)) return 'taken';
        throw err;
      }
      return cannedRow(q.get.get(target) as CannedRecord);
    },
    async deleteCanned(id) {
      return q.delete.run(id).changes > 0;
    },
  };
}
