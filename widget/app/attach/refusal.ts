import { ATTACHMENT_TYPES, MAX_ATTACHMENT_BYTES } from '../../../protocol/attachment-rules.ts';
import type { ErrorCode } from '../../../protocol/errors.ts';

/** What the browser says of the file, checked before a byte is sent (the server checks the bytes). */
export function refusal(file: File): ErrorCode | null {
  if (file.size > MAX_ATTACHMENT_BYTES) return 'too_large';
  // The type the browser guessed from the name; the server sniffs the bytes. An unknown type is let through.
  if (file.type && !(ATTACHMENT_TYPES as readonly string[]).includes(file.type)) return 'unsupported_type';
  return null;
}
