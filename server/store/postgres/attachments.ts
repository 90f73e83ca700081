import { randomUUID } from 'node:crypto';
import { ATTACHMENT_COLUMNS as BASE, attachmentRow, type AttachmentRecord } from '../records.ts';
import type { AttachmentPart } from '../parts.ts';
import { UNSENT_ATTACHMENT_TTL_MS } from '../store.ts';
import { isUniqueViolation, type PgContext } from './context.ts';

const ATTACHMENT_COLUMNS = `${BASE}, preview IS NOT NULL AS has_preview`;

/** Uploaded files, as bytea (the description is read without the bytes). */
export function pgAttachments({ query, now }: PgContext): AttachmentPart {
  const byClientId = async (uploaderId: string, clientId: string) => {
    const [r] = await query<AttachmentRecord>(`SELECT ${ATTACHMENT_COLUMNS} FROM attachments WHERE uploader_id = $1 AND client_id = $2`, [uploaderId, clientId]);
    return r ? attachmentRow(r) : null;
  };
  return {
    async saveAttachment(input) {
      const at = now();
      await query('DELETE FROM attachments WHERE message_id IS NULL AND created_at < $1', [at - UNSENT_ATTACHMENT_TTL_MS]);
      try {
        // ON CONFLICT DO NOTHING would also hide a clash of ids; the unique index on the client id is the one meant.
        const [r] = await query<AttachmentRecord>(
          `INSERT INTO attachments (id, uploader_kind, uploader_id, client_id, name, type, size, width, height, created_at, data, preview)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING ${ATTACHMENT_COLUMNS}`,
          [randomUUID(), input.uploaderKind, input.uploaderId, input.clientId, input.name, input.type, input.data.length, input.width, input.height, at, input.data, input.preview],
        );
        return { attachment: attachmentRow(r!), duplicate: false };
      } catch (err) {
        if (!isUniqueViolation(err, 'attachments_client')) throw err;
        const first = await byClientId(input.uploaderId, input.clientId);
        if (!first) throw err;
        return { attachment: first, duplicate: true };
      }
    },
    findAttachmentByClientId: byClientId,
    async getAttachment(id) {
      const [r] = await query<AttachmentRecord>(`SELECT ${ATTACHMENT_COLUMNS} FROM attachments WHERE id = $1`, [id]);
      return r ? attachmentRow(r) : null;
    },
    async readAttachment(id, variant) {
      const [r] = await query<{ bytes: Buffer | null }>(`SELECT ${variant === 'file' ? 'data' : 'preview'} AS bytes FROM attachments WHERE id = $1`, [id]);
      return r?.bytes ?? null;
    },
  };
}
