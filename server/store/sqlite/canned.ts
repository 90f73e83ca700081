import { randomUUID } from 'node:crypto';
import { cannedRow, type CannedRecord } from '../records.ts';
import { isUniqueViolation, type SqliteContext } from './context.ts';
import type { CannedPart } from '../parts.ts';

const SELECT = 'SELECT c.*, a.name AS agent_name FROM canned_responses c LEFT JOIN agents a ON a.id = c.updated_by';

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
