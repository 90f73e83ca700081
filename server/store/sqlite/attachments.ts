import { randomUUID } from 'node:crypto';
import Database from 'better-sqlite3';
import { ATTACHMENT_COLUMNS as BASE, attachmentRow, type AttachmentRecord } from '../records.ts';
import type { AttachmentPart } from '../parts.ts';
import { UNSENT_ATTACHMENT_TTL_MS } from '../store.ts';
import { attachmentDir, attachmentFiles } from './attachment-files.ts';
import type { SqliteContext } from './context.ts';

const ATTACHMENT_COLUMNS = `${BASE}, has_preview`;
/** Files of deleted rows removed per sweep (the rest go on the next). */
const SWEEP_BATCH = 200;
/** Rows of bytes stored in the database before (migration 8) written out at a time. */
const MOVE_BATCH = 20;

type Legacy = { id: string; data: Buffer; preview: Buffer | null };

/**
 * Uploaded files: their descriptions in the database, their bytes in a directory (attachment-files.ts).
 * The bytes are written before the row, so a row always has its file; a row deleted (by a cascade, or an
 * unsent upload's expiry) leaves a tombstone whose files `sweep` removes — at each upload and on a timer.
 */
export function sqliteAttachments({ db, now }: SqliteContext): AttachmentPart & { sweepAttachmentFiles(): Promise<void> } {
  const files = attachmentFiles(attachmentDir(db.name));
  const q = {
    byClientId: db.prepare(`SELECT ${ATTACHMENT_COLUMNS} FROM attachments WHERE uploader_id = ? AND client_id = ?`),
    byId: db.prepare(`SELECT ${ATTACHMENT_COLUMNS} FROM attachments WHERE id = ?`),
    insert: db.prepare(
      `INSERT INTO attachments (id, uploader_kind, uploader_id, client_id, name, type, size, width, height, has_preview, created_at)
       VALUES (@id, @uploaderKind, @uploaderId, @clientId, @name, @type, @size, @width, @height, @hasPreview, @at)`,
    ),
    dropUnsent: db.prepare('DELETE FROM attachments WHERE message_id IS NULL AND created_at < ?'),
    gone: db.prepare(`SELECT id FROM attachment_files_gone LIMIT ${SWEEP_BATCH}`),
    forget: db.prepare('DELETE FROM attachment_files_gone WHERE id = ?'),
    // Bytes stored in the database before they moved to files (migration 8), until written out.
    toMove: db.prepare(`SELECT m.id, m.data, m.preview FROM attachment_bytes_to_move m JOIN attachments a ON a.id = m.id LIMIT ${MOVE_BATCH}`),
    dropMoved: db.prepare('DELETE FROM attachment_bytes_to_move WHERE id = ?'),
    dropOrphans: db.prepare('DELETE FROM attachment_bytes_to_move WHERE id NOT IN (SELECT id FROM attachments)'),
    unmoved: db.prepare('SELECT data, preview FROM attachment_bytes_to_move WHERE id = ?'),
  };
  const found = (uploaderId: string, clientId: string) => {
    const r = q.byClientId.get(uploaderId, clientId) as AttachmentRecord | undefined;
    return r ? attachmentRow(r) : null;
  };

  const run = async () => {
    if (!db.open) return;
    q.dropOrphans.run();
    for (let rows = q.toMove.all() as Legacy[]; rows.length; rows = db.open ? (q.toMove.all() as Legacy[]) : []) {
      for (const r of rows) {
        await files.save(r.id, r.data, r.preview);
        if (db.open) q.dropMoved.run(r.id);
      }
    }
    if (!db.open) return;
    q.dropUnsent.run(now() - UNSENT_ATTACHMENT_TTL_MS);
    for (const { id } of q.gone.all() as Array<{ id: string }>) {
      await files.remove(id);
      if (!db.open) return;
      q.forget.run(id);
    }
  };
  // One sweep at a time; cleared only once settled (after the assignment, even when `run` had nothing to await).
  let sweeping: Promise<void> | null = null;
  const sweep = (): Promise<void> => (sweeping ??= run().finally(() => (sweeping = null)));

  return {
    async saveAttachment(input) {
      const seen = found(input.uploaderId, input.clientId);
      if (seen) return { attachment: seen, duplicate: true };
      const id = randomUUID();
      await files.save(id, input.data, input.preview);
      try {
        q.insert.run({ ...input, id, at: now(), size: input.data.length, hasPreview: input.preview ? 1 : 0 });
      } catch (err) {
        await files.remove(id);
        // The same upload, retried, stored by another request a moment ago: that one counts.
        const first = err instanceof Database.SqliteError && err.code === 'SQLITE_CONSTRAINT_UNIQUE' ? found(input.uploaderId, input.clientId) : null;
        if (!first) throw err;
        return { attachment: first, duplicate: true };
      }
      await sweep();
      return { attachment: attachmentRow(q.byId.get(id) as AttachmentRecord), duplicate: false };
    },
    async findAttachmentByClientId(uploaderId, clientId) {
      return found(uploaderId, clientId);
    },
    async getAttachment(id) {
      const r = q.byId.get(id) as AttachmentRecord | undefined;
      return r ? attachmentRow(r) : null;
    },
    async readAttachment(id, variant) {
      const row = q.byId.get(id) as AttachmentRecord | undefined;
      if (!row || (variant === 'preview' && !row.has_preview)) return null;
      const bytes = await files.read(id, variant);
      if (bytes) return bytes;
      const unmoved = q.unmoved.get(id) as Omit<Legacy, 'id'> | undefined;
      return (variant === 'file' ? unmoved?.data : unmoved?.preview) ?? null;
    },
    sweepAttachmentFiles: sweep,
  };
}
