// Attachment limits and names shared by the widget, the console and the server. No zod here: the widget
// imports this file, and its bundle must not carry a schema library.

/** What a visitor or an agent may attach, by the type sniffed from the bytes (never the file's name). */
export const ATTACHMENT_TYPES = ['image/jpeg', 'image/png', 'image/webp', 'image/gif', 'application/pdf'] as const;
export type AttachmentType = (typeof ATTACHMENT_TYPES)[number];

/** The largest file accepted, in bytes, before any processing (10 MiB). */
export const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;
/** Attachments one message may carry. */
export const MAX_ATTACHMENTS_PER_MESSAGE = 4;
export const MAX_FILE_NAME_CHARS = 120;
/** Images are previewed within this box (pixels, longest side). */
export const PREVIEW_PX = 480;

/** POST /attachments: the request's header holding the uploader's client id (uuid): a retried upload stores once. */
export const ATTACHMENT_CLIENT_ID_HEADER = 'x-parley-client-id';
/** POST /attachments: the file's name, percent-encoded (only shown and offered on download). */
export const ATTACHMENT_NAME_HEADER = 'x-parley-file-name';

export const isImage = (type: string): boolean => type.startsWith('image/');

/** Where an attachment (or its preview, for images) is served. */
export const attachmentUrl = (id: string, preview = false): string => `/attachments/${encodeURIComponent(id)}${preview ? '/preview' : ''}`;
