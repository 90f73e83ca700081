/**
 * Thrown inside an append's transaction when a file it should carry is not the sender's or was taken by
 * another message: the transaction rolls back and the append answers null (nothing stored).
 */
export class AttachmentTaken extends Error {
  override name = 'AttachmentTaken';
}

/** The messages.attachments column: the descriptions as JSON, or NULL for none. */
export const attachmentsColumn = (list: ReadonlyArray<{ id: string; name: string; type: string; size: number; width: number | null; height: number | null }> | undefined): string | null =>
  list?.length ? JSON.stringify(list.map(({ id, name, type, size, width, height }) => ({ id, name, type, size, width, height }))) : null;

/** What lists show as a message's last words: its text, or for a file sent alone its name (📎 mug.jpg). */
export const listText = (input: { text: string; attachments?: ReadonlyArray<{ name: string }> }): string =>
  input.text || (input.attachments ?? []).map((a) => `📎 ${a.name}`).join(', ');
