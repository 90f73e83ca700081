import { z } from 'zod';
import { ATTACHMENT_TYPES } from './attachment-rules.ts';

export const AttachmentTypeSchema = z.enum(ATTACHMENT_TYPES);

/** A stored attachment as both sides see it. Images were re-encoded (metadata stripped) and have a preview. */
export const AttachmentSchema = z.object({
  id: z.string(),
  name: z.string(),
  type: AttachmentTypeSchema,
  /** Bytes of the stored file (after re-encoding, for images). */
  size: z.number().int().nonnegative(),
  /** Pixels of an image as shown (after auto-orientation); null for a PDF. */
  width: z.number().int().positive().nullable(),
  height: z.number().int().positive().nullable(),
});
export type Attachment = z.infer<typeof AttachmentSchema>;

/** The answer to POST /attachments. */
export type UploadResponse = { ok: true; attachment: Attachment } | { ok: false; error: string };
