import { batch, computed, signal } from '@preact/signals';
import { io, type Socket } from 'socket.io-client';
import type { AgentClientEvents, AgentServerEvents } from '../protocol/agent-events.ts';
import type { AgentProfile, ConversationSummary } from '../protocol/conversation.ts';
import type { Ack, ErrorCode } from '../protocol/errors.ts';
import type { AgentMessage } from '../protocol/message.ts';
import { compareForQueue } from '../protocol/queue-order.ts';

type AgentSocket = Socket<AgentServerEvents, AgentClientEvents>;
export type Connection = 'connecting' | 'online' | 'reconnecting' | 'signed-out';

/** An agent reply not yet acknowledged: shown greyed until the server has stored it. */
export interface PendingReply {
  clientId: string;
  conversationId: string;
  text: string;
  failed: ErrorCode | null;
}

const ACK_TIMEOUT_MS = 10_000;

/**
 * The console's state and its one Socket.IO connection to /agent (authenticated by the session cookie).
 * Every (re)connect reloads the queue and the open conversation, so nothing missed while away stays missing.
 */
export function createDesk(me: AgentProfile, onSignedOut: () => void) {
  const conversations = signal<Map<string, ConversationSummary>>(new Map());
  const selectedId = signal<string | null>(null);
  const transcript = signal<AgentMessage[]>([]);
  const pending = signal<PendingReply[]>([]);
  const visitorTyping = signal(false);
  const connection = signal<Connection>('connecting');
  const notice = signal<ErrorCode | null>(null);

  const queue = computed(() => [...conversations.value.values()].sort(compareForQueue));
  const selected = computed(() => (selectedId.value ? conversations.value.get(selectedId.value) ?? null : null));

  const socket: AgentSocket = io('/agent', { withCredentials: true, autoConnect: false });
  const emit = <T extends object>(event: keyof AgentClientEvents, payload: object): Promise<Ack<T>> =>
    (socket.timeout(ACK_TIMEOUT_MS) as unknown as { emitWithAck(e: string, p: object): Promise<Ack<T>> })
      .emitWithAck(event, payload)
      .catch((): Ack<T> => ({ ok: false, error: 'internal' }));

  const upsert = (c: ConversationSummary) => {
    const next = new Map(conversations.value);
    next.set(c.id, c);
    conversations.value = next;
  };

  const refresh = async () => {
    const res = await emit<{ conversations: ConversationSummary[] }>('queue:list', {});
    if (!res.ok) return void (notice.value = res.error);
    conversations.value = new Map(res.conversations.map((c) => [c.id, c]));
    if (selectedId.value) await load(selectedId.value);
  };

  const load = async (id: string) => {
    const res = await emit<{ conversation: ConversationSummary; messages: AgentMessage[] }>('conversation:open', { conversationId: id });
    if (selectedId.value !== id) return;
    if (!res.ok) return void (notice.value = res.error);
    batch(() => {
      upsert(res.conversation);
      transcript.value = res.messages;
      // A reply whose ack was lost in a reconnect but which the server stored is no longer pending.
      const stored = new Set(res.messages.map((m) => m.clientId));
      pending.value = pending.value.filter((p) => !stored.has(p.clientId));
    });
  };

  socket.on('connect', () => {
    connection.value = 'online';
    void refresh();
  });
  socket.on('disconnect', () => {
    if (connection.value !== 'signed-out') connection.value = 'reconnecting';
  });
  socket.on('connect_error', (err) => {
    // The handshake refuses an expired session: back to the sign-in form instead of retrying forever.
    if (err.message === 'unauthorized') {
      connection.value = 'signed-out';
      socket.disconnect();
      onSignedOut();
    } else connection.value = 'reconnecting';
  });
  socket.on('conversation:upsert', upsert);
  socket.on('message:new', (m) => {
    if (m.conversationId !== selectedId.value) return;
    if (transcript.value.some((x) => x.id === m.id)) return;
    batch(() => {
      transcript.value = [...transcript.value, m].sort((a, b) => a.seq - b.seq);
      if (m.clientId) pending.value = pending.value.filter((p) => p.clientId !== m.clientId);
      if (m.author === 'visitor') visitorTyping.value = false;
    });
  });
  socket.on('typing', ({ conversationId, typing }) => {
    if (conversationId === selectedId.value) visitorTyping.value = typing;
  });

  const act = async (event: 'conversation:claim' | 'conversation:resolve', id: string) => {
    notice.value = null;
    const res = await emit<{ conversation: ConversationSummary }>(event, { conversationId: id });
    if (!res.ok) {
      notice.value = res.error;
      if (res.error === 'conflict') await refresh();
      return false;
    }
    upsert(res.conversation);
    return true;
  };

  const deliver = async (reply: PendingReply) => {
    const res = await emit<{ id: string }>('message:send', { conversationId: reply.conversationId, clientId: reply.clientId, text: reply.text });
    if (res.ok) {
      pending.value = pending.value.filter((p) => p.clientId !== reply.clientId);
      // The message:new broadcast normally arrives first; if it was missed, reload the transcript.
      if (reply.conversationId === selectedId.value && !transcript.value.some((m) => m.id === res.id)) void load(reply.conversationId);
    } else {
      pending.value = pending.value.map((p) => (p.clientId === reply.clientId ? { ...p, failed: res.error } : p));
    }
  };

  return {
    me,
    queue,
    selected,
    selectedId,
    transcript,
    pending,
    visitorTyping,
    connection,
    notice,
    start() {
      socket.connect();
    },
    stop() {
      connection.value = 'signed-out';
      socket.disconnect();
    },
    async open(id: string) {
      batch(() => {
        selectedId.value = id;
        transcript.value = [];
        visitorTyping.value = false;
        notice.value = null;
      });
      await load(id);
    },
    claim: (id: string) => act('conversation:claim', id),
    resolve: (id: string) => act('conversation:resolve', id),
    send(conversationId: string, text: string) {
      const reply: PendingReply = { clientId: crypto.randomUUID(), conversationId, text, failed: null };
      pending.value = [...pending.value, reply];
      void deliver(reply);
    },
    /** A failed reply tried again with the same client id, so it can never be stored twice. */
    retry(clientId: string) {
      const reply = pending.value.find((p) => p.clientId === clientId);
      if (!reply) return;
      pending.value = pending.value.map((p) => (p.clientId === clientId ? { ...p, failed: null } : p));
      void deliver({ ...reply, failed: null });
    },
    typing(conversationId: string, typing: boolean) {
      socket.emit('typing', { conversationId, typing });
    },
  };
}

export type Desk = ReturnType<typeof createDesk>;
