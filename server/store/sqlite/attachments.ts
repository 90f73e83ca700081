import { randomUUID } from 'node:crypto';
import { ATTACHMENT_COLUMNS, attachmentRow, type AttachmentRecord } from '../records.ts';
import type { AttachmentPart } from '../parts.ts';
import { UNSENT_ATTACHMENT_TTL_MS } from '../store.ts';
import type { SqliteContext } from './context.ts';

/** Uploaded files, as blobs in the database file (the description is read without the bytes). */
export function sqliteAttachments({ db, now }: SqliteContext): AttachmentPart {
  const q = {
    byClientId: db.prepare(`SELECT ${ATTACHMENT_COLUMNS} FROM attachments WHERE uploader_id = ? AND client_id = ?`),
    byId: db.prepare(`SELECT ${ATTACHMENT_COLUMNS} FROM attachments WHERE id = ?`),
    insert: db.prepare(
      `INSERT INTO attachments (id, uploader_kind, uploader_id, client_id, name, type, size, width, height, created_at, data, preview)
       VALUES (@id, @uploaderKind, @uploaderId, @clientId, @name, @type, @size, @width, @height, @at, @data, @preview)`,
    ),
    dropUnsent: db.prepare('DELETE FROM attachments WHERE message_id IS NULL AND created_at < ?'),
    file: db.prepare('SELECT data AS bytes FROM attachments WHERE id = ?'),
    preview: db.prepare('SELECT preview AS bytes FROM attachments WHERE id = ?'),
  };
  const saveTx = db.transaction((input: Parameters<AttachmentPart['saveAttachment']>[0]) => {
    const existing = q.byClientId.get(input.uploaderId, input.clientId) as AttachmentRecord | undefined;
    if (existing) return { attachment: attachmentRow(existing), duplicate: true };
    const at = now();
    q.dropUnsent.run(at - UNSENT_ATTACHMENT_TTL_MS);
    const id = randomUUID();
    q.insert.run({ ...input, id, at, size: input.data.length });
    return { attachment: attachmentRow(q.byId.get(id) as AttachmentRecord), duplicate: false };
  });
  return {
    async saveAttachment(input) {
      return saveTx.immediate(input);
    },
    async findAttachmentByClientId(uploaderId, clientId) {
      const r = q.byClientId.get(uploaderId, clientId) as AttachmentRecord | undefined;
      return r ? attachmentRow(r) : null;
    },
    async getAttachment(id) {
      const r = q.byId.get(id) as AttachmentRecord | undefined;
      return r ? attachmentRow(r) : null;
    },
    async readAttachment(id, variant) {
      const r = (variant === 'file' ? q.file : q.preview).get(id) as { bytes: Buffer | null } | undefined;
      return r?.bytes ?? null;
    },
  };
}
