import { signal } from '@preact/signals';
import type { ErrorCode } from '../protocol/errors.ts';
import type { Request } from './socket.ts';

/** An agent reply not yet acknowledged: shown greyed until the server has stored it. */
export interface PendingReply {
  clientId: string;
  conversationId: string;
  text: string;
  failed: ErrorCode | null;
}

/**
 * Replies on their way. Each keeps its client id for good, so a retry after a lost answer can never be
 * stored twice; `onStored` lets the transcript fetch a reply whose broadcast this console missed.
 */
export function createOutbox(request: Request, onStored: (conversationId: string, messageId: string) => void) {
  const pending = signal<PendingReply[]>([]);

  const deliver = async (reply: PendingReply) => {
    const res = await request('message:send', { conversationId: reply.conversationId, clientId: reply.clientId, text: reply.text });
    if (res.ok) {
      pending.value = pending.value.filter((p) => p.clientId !== reply.clientId);
      onStored(reply.conversationId, res.id);
    } else {
      pending.value = pending.value.map((p) => (p.clientId === reply.clientId ? { ...p, failed: res.error } : p));
    }
  };

  return {
    pending,
    send(conversationId: string, text: string) {
      const reply: PendingReply = { clientId: crypto.randomUUID(), conversationId, text, failed: null };
      pending.value = [...pending.value, reply];
      void deliver(reply);
    },
    retry(clientId: string) {
      const reply = pending.value.find((p) => p.clientId === clientId);
      if (!reply) return;
      pending.value = pending.value.map((p) => (p.clientId === clientId ? { ...p, failed: null } : p));
      void deliver({ ...reply, failed: null });
    },
    /** Stored messages seen in a transcript are no longer pending, whatever happened to their answers. */
    settle(clientIds: Iterable<string | null>) {
      const stored = new Set(clientIds);
      if (pending.value.some((p) => stored.has(p.clientId))) pending.value = pending.value.filter((p) => !stored.has(p.clientId));
    },
  };
}

export type Outbox = ReturnType<typeof createOutbox>;
