import { randomUUID } from 'node:crypto';
import type { SqliteContext } from './context.ts';
import { noteRow, type NoteRecord } from '../records.ts';
import type { NotePart } from '../parts.ts';

const SELECT = 'SELECT n.*, a.name AS agent_name FROM notes n JOIN agents a ON a.id = n.agent_id';

/** Private notes: a table of their own, so no query that serves visitors can return one. */
export function sqliteNotes({ db, now }: SqliteContext): NotePart {
  const q = {
    lastSeq: db.prepare('SELECT COALESCE(MAX(seq), 0) AS seq FROM messages WHERE conversation_id = ?'),
    insert: db.prepare('INSERT INTO notes (id, conversation_id, after_seq, agent_id, text, created_at) VALUES (?, ?, ?, ?, ?, ?)'),
    get: db.prepare(`${SELECT} WHERE n.id = ?`),
    range: db.prepare(`${SELECT} WHERE n.conversation_id = ? AND n.after_seq BETWEEN ? AND ? ORDER BY n.after_seq, n.created_at, n.rowid`),
  };
  const addTx = db.transaction((conversationId: string, agentId: string, text: string) => {
    const id = randomUUID();
    const { seq } = q.lastSeq.get(conversationId) as { seq: number };
    q.insert.run(id, conversationId, seq, agentId, text, now());
    return noteRow(q.get.get(id) as NoteRecord);
  });
  return {
    async addNote({ conversationId, agentId, text }) {
      return addTx.immediate(conversationId, agentId, text);
    },
    async listNotes(conversationId, { fromSeq, toSeq }) {
      return (q.range.all(conversationId, fromSeq, toSeq) as NoteRecord[]).map(noteRow);
    },
  };
}
