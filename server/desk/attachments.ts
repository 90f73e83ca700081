import type { Attachment } from '../../protocol/index.ts';
import { attachmentView } from '../store/records.ts';
import type { Store } from '../store/store.ts';
import { DeskError } from './errors.ts';

/**
 * The files a new message of `senderId` may carry: each uploaded by them and not sent with another message
 * yet. Someone else's id is reported as missing (ids cannot be probed); one already sent is a conflict. The
 * append checks the same again in its transaction (a race between two sends of the same file).
 */
export async function ownAttachments(store: Store, senderId: string, ids: readonly string[]): Promise<Attachment[]> {
  const unique = [...new Set(ids)];
  const rows = await Promise.all(unique.map((id) => store.getAttachment(id)));
  return rows.map((row) => {
    if (!row || row.uploaderId !== senderId) throw new DeskError('not_found');
    if (row.messageId !== null) throw new DeskError('conflict');
    return attachmentView(row);
  });
}
