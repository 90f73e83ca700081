import { open, readFile, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';

/** Where the bytes of attachments live: a directory named after the database file (backed up with it). */
export const attachmentDir = (file: string): string => `${file}-attachments`;

/**
 * The bytes of the SQLite store's attachments: `<id>` and `<id>.preview` in one directory beside the
 * database file. Written to a temporary name, flushed to disk and renamed, so a file is either whole or
 * absent; read and written with node's asynchronous file API, off the event loop.
 */
export function attachmentFiles(dir: string) {
  const path = (id: string, variant: 'file' | 'preview') => join(dir, variant === 'file' ? id : `${id}.preview`);
  async function write(id: string, variant: 'file' | 'preview', bytes: Buffer): Promise<void> {
    const target = path(id, variant);
    const tmp = `${target}.tmp`;
    const fh = await open(tmp, 'w');
    try {
      await fh.writeFile(bytes);
      await fh.sync();
    } finally {
      await fh.close();
    }
    await rename(tmp, target);
  }
  return {
    dir,
    async save(id: string, data: Buffer, preview: Buffer | null): Promise<void> {
      await write(id, 'file', data);
      if (preview) await write(id, 'preview', preview);
    },
    async read(id: string, variant: 'file' | 'preview'): Promise<Buffer | null> {
      try {
        return await readFile(path(id, variant));
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
        throw err;
      }
    },
    async remove(id: string): Promise<void> {
      await Promise.all([rm(path(id, 'file'), { force: true }), rm(path(id, 'preview'), { force: true })]);
    },
  };
}

export type AttachmentFiles = ReturnType<typeof attachmentFiles>;
