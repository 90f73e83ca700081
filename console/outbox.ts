import { signal } from '@preact/signals';
import type { Attachment } from '../protocol/attachment.ts';
import type { ErrorCode } from '../protocol/errors.ts';
import { refusal } from '../widget/app/attach/refusal.ts';
import { xhrUpload } from '../widget/app/attach/xhr-upload.ts';
import type { Request } from './socket.ts';

/** An agent reply not yet acknowledged: shown greyed until the server has stored it. */
export interface PendingReply {
  clientId: string;
  conversationId: string;
  text: string;
  failed: ErrorCode | null;
  /** A file sent as a reply of its own: uploaded first (the same client id for the upload and the message). */
  file?: { name: string; blob: File; attachment: Attachment | null; progress: number | null };
}

/**
 * Replies on their way. Each keeps its client id for good, so a retry after a lost answer can never be
 * stored twice; `onStored` lets the transcript fetch a reply whose broadcast this console missed.
 */
export function createOutbox(request: Request, onStored: (conversationId: string, messageId: string) => void) {
  const pending = signal<PendingReply[]>([]);

  const patch = (clientId: string, change: Partial<PendingReply>) =>
    (pending.value = pending.value.map((p) => (p.clientId === clientId ? { ...p, ...change } : p)));

  const deliver = async (reply: PendingReply): Promise<void> => {
    const file = reply.file;
    if (file && !file.attachment) {
      const up = await xhrUpload({
        url: '/attachments',
        file: file.blob,
        name: file.name,
        clientId: reply.clientId,
        onProgress: (progress) => patch(reply.clientId, { file: { ...file, progress } }),
      });
      if (!up.ok) return void patch(reply.clientId, { failed: up.error, file: { ...file, progress: null } });
      const uploaded = { ...file, attachment: up.attachment, progress: null };
      patch(reply.clientId, { file: uploaded });
      return deliver({ ...reply, file: uploaded });
    }
    const res = await request('message:send', {
      conversationId: reply.conversationId,
      clientId: reply.clientId,
      text: reply.text,
      attachments: file?.attachment ? [file.attachment.id] : [],
    });
    if (res.ok) {
      pending.value = pending.value.filter((p) => p.clientId !== reply.clientId);
      onStored(reply.conversationId, res.id);
    } else {
      patch(reply.clientId, { failed: res.error });
    }
  };

  return {
    pending,
    send(conversationId: string, text: string) {
      const reply: PendingReply = { clientId: crypto.randomUUID(), conversationId, text, failed: null };
      pending.value = [...pending.value, reply];
      void deliver(reply);
    },
    /** Each picture or PDF goes as a reply of its own; one the browser already knows is refused fails at once. */
    sendFiles(conversationId: string, files: File[]) {
      for (const blob of files) {
        const reply: PendingReply = { clientId: crypto.randomUUID(), conversationId, text: '', failed: refusal(blob), file: { name: blob.name, blob, attachment: null, progress: null } };
        pending.value = [...pending.value, reply];
        if (!reply.failed) void deliver(reply);
      }
    },
    retry(clientId: string) {
      const reply = pending.value.find((p) => p.clientId === clientId);
      if (!reply) return;
      patch(clientId, { failed: null });
      void deliver({ ...reply, failed: null });
    },
    dismiss(clientId: string) {
      pending.value = pending.value.filter((p) => p.clientId !== clientId);
    },
    /** Stored messages seen in a transcript are no longer pending, whatever happened to their answers. */
    settle(clientIds: Iterable<string | null>) {
      const stored = new Set(clientIds);
      if (pending.value.some((p) => stored.has(p.clientId))) pending.value = pending.value.filter((p) => !stored.has(p.clientId));
    },
  };
}

export type Outbox = ReturnType<typeof createOutbox>;
