import type { Cursor } from '../store/store.ts';
import { DeskError } from './errors.ts';

/** Page cursors are opaque to clients: "<time>.<id>" of the last row of the previous page. */
export const encodeCursor = (c: Cursor): string => `${c.at}.${c.id}`;

export function decodeCursor(text: string | null): Cursor | null {
  if (text === null) return null;
  const m = /^(\d{1,16})\.([A-Za-z0-9-]{1,64})$/.exec(text);
  if (!m) throw new DeskError('invalid_payload');
  return { at: Number(m[1]), id: m[2]! };
}
