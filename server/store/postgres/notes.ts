import { randomUUID } from 'node:crypto';
import { noteRow, type NoteRecord } from '../records.ts';
import type { PgContext } from './context.ts';
import type { NotePart } from '../parts.ts';

const SELECT = 'SELECT n.*, a.name AS agent_name FROM notes n JOIN agents a ON a.id = n.agent_id';

/** Private notes: a table of their own, so no query that serves visitors can return one. */
export function pgNotes({ query, now }: PgContext): NotePart {
  return {
    async addNote({ conversationId, agentId, text }) {
      const id = randomUUID();
      // One statement: the note is placed after the last message committed when it is written.
      await query(
        `INSERT INTO notes (id, conversation_id, after_seq, agent_id, text, created_at)
         SELECT $1, $2, COALESCE(MAX(seq), 0), $3, $4, $5 FROM messages WHERE conversation_id = $2`,
        [id, conversationId, agentId, text, now()],
      );
      const [r] = await query<NoteRecord>(`${SELECT} WHERE n.id = $1`, [id]);
      return noteRow(r!);
    },
    async listNotes(conversationId, { fromSeq, toSeq }) {
      const rows = await query<NoteRecord>(`${SELECT} WHERE n.conversation_id = $1 AND n.after_seq BETWEEN $2 AND $3 ORDER BY n.after_seq, n.created_at, n.row_no`, [
        conversationId,
        fromSeq,
        toSeq,
      ]);
      return rows.map(noteRow);
    },
  };
}
