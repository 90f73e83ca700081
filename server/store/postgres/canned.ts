import { randomUUID } from 'node:crypto';
import { cannedRow, type CannedRecord } from '../records.ts';
import { isUniqueViolation, type PgContext } from './context.ts';
import type { CannedPart } from '../parts.ts';

const SELECT = 'SELECT c.*, a.name AS agent_name FROM canned_responses c LEFT JOIN agents a ON a.id = c.updated_by';

/** Saved replies, shared by the team; a shortcut names one reply only. */
export function pgCanned({ query, now }: PgContext): CannedPart {
  return {
    async listCanned() {
      return (await query<CannedRecord>(`${SELECT} ORDER BY c.shortcut`)).map(cannedRow);
    },
    async saveCanned({ id, shortcut, text, agentId }) {
      const target = id ?? randomUUID();
      try {
        if (id === null) {
          await query('INSERT INTO canned_responses (id, shortcut, text, updated_by, updated_at) VALUES ($1, $2, $3, $4, $5)', [target, shortcut, text, agentId, now()]);
        } else {
          const changed = await query('UPDATE canned_responses SET shortcut = $1, text = $2, updated_by = $3, updated_at = $4 WHERE id = $5 RETURNING id', [shortcut, text, agentId, now(), id]);
          if (changed.length === 0) return null;
        }
      } catch (err) {
        if (isUniqueViolation(err)) return 'taken';
        throw err;
      }
      const [r] = await query<CannedRecord>(`${SELECT} WHERE c.id = $1`, [target]);
      return cannedRow(r!);
    },
    async deleteCanned(id) {
      return (await query('DELETE FROM canned_responses WHERE id = $1 RETURNING id', [id])).length > 0;
    },
  };
}
