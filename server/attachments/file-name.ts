import { MAX_FILE_NAME_CHARS, type AttachmentType } from '../../protocol/index.ts';

const EXTENSION: Record<AttachmentType, string> = {
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'image/webp': 'webp',
  'image/gif': 'gif',
  'application/pdf': 'pdf',
};

// Controls, path separators, characters Windows refuses, and Unicode's invisible and direction-changing
// ones (a name "photo\u202Egnp.exe" would read as "photoexe.png").
const UNSAFE = /[\u0000-\u001f\u007f-\u009f/\\:*?"<>|\u00ad\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u202a-\u202e\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0\ufff0-\ufff8]/g;

/**
 * The name a file is shown and downloaded under: what the uploader called it, cleaned, bounded, and ending
 * in the extension of its sniffed type (a PDF sent as "photo.png" is offered as "photo.pdf").
 */
export function safeFileName(given: string | null | undefined, type: AttachmentType): string {
  const ext = EXTENSION[type];
  let base = (given ?? '').normalize('NFC').replace(UNSAFE, '_').trim().replace(/^\.+/, '');
  base = base.replace(/\.[A-Za-z0-9]{1,5}$/, '');
  const chars = [...base].slice(0, MAX_FILE_NAME_CHARS - ext.length - 1).join('');
  return `${chars || 'file'}.${ext}`;
}

/** A Content-Disposition value for `name`: an ASCII fallback and the UTF-8 name (RFC 6266 / 8187). */
export function contentDisposition(kind: 'inline' | 'attachment', name: string): string {
  const fallback = name.replace(/[^\x20-\x7e]|["\\%]/g, '_');
  const encoded = encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `${kind}; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}

/** Reads the percent-encoded name header; anything undecodable is no name. */
export function decodeFileName(header: string | string[] | undefined): string | null {
  if (typeof header !== 'string' || header.length > 4 * MAX_FILE_NAME_CHARS * 3) return null;
  try {
    return decodeURIComponent(header);
  } catch {
    return null;
  }
}
