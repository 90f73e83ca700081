import { MAX_ATTACHMENTS_PER_MESSAGE } from '../../../protocol/attachment-rules.ts';
import type { ErrorCode } from '../../../protocol/errors.ts';
import type { Uploads } from '../chat.ts';
import { refusal } from './refusal.ts';
import { xhrUpload } from './xhr-upload.ts';

/** The files picked in this page, until stored: a File cannot be kept in storage across a reload. */
const held = new Map<string, File>();
/** A failed upload (network, server) is tried again by itself this often, then waits for Retry. */
const TRIES = 3;

/** Each file becomes a message of its own in the outbox: uploaded, then sent like any message. */
export function attachFiles(u: Uploads, files: File[]): void {
  for (const file of files.slice(0, MAX_ATTACHMENTS_PER_MESSAGE)) {
    const entry = u.outbox.addFile({ name: file.name, size: file.size, type: file.type });
    const refused = refusal(file);
    if (refused) u.outbox.fail(entry.clientId, refused);
    else {
      held.set(entry.clientId, file);
      send(u, entry.clientId, 1);
    }
  }
}

/** Retry pressed on a file that was not stored: the same client id, so the server keeps one copy. */
export function retryUpload(u: Uploads, clientId: string): void {
  if (!held.has(clientId)) return u.outbox.remove(clientId);
  u.outbox.retry(clientId);
  send(u, clientId, 1);
}

function send(u: Uploads, clientId: string, attempt: number): void {
  const file = held.get(clientId)!;
  const token = u.token();
  const setProgress = (p: number | null) => {
    const next = { ...u.progress.value };
    if (p === null) delete next[clientId];
    else next[clientId] = p;
    u.progress.value = next;
  };
  const fail = (error: ErrorCode, transient: boolean) => {
    setProgress(null);
    if (transient && attempt < TRIES) return void setTimeout(() => send(u, clientId, attempt + 1), 1000 * 2 ** attempt);
    u.outbox.fail(clientId, error);
  };
  if (!token) return fail('not_ready', true);

  void xhrUpload({ url: `${u.origin}/attachments`, file, name: file.name, clientId, headers: { authorization: `Bearer ${token}` }, onProgress: setProgress }).then((res) => {
    if (!res.ok) return fail(res.error, res.transient);
    held.delete(clientId);
    setProgress(null);
    u.outbox.uploaded(clientId, res.attachment);
    u.flush();
  });
}
