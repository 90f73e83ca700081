import { batch, signal, type Signal } from '@preact/signals';
import { io, type Socket } from 'socket.io-client';
import type { Availability } from '../../protocol/availability.ts';
import type { VisitorConversation } from '../../protocol/conversation.ts';
import type { Ack, ErrorCode } from '../../protocol/errors.ts';
import { MAX_NAME_CHARS } from '../../protocol/limits.ts';
import type { Locale } from '../../protocol/locale.ts';
import type { Message } from '../../protocol/message.ts';
import type { SendAck, VisitorClientEvents, VisitorServerEvents } from '../../protocol/visitor-events.ts';
import type { Bridge, Page } from './bridge.ts';
import { EMAIL_RE, lastSeq, mergeMessages, withPage } from './messages.ts';
import { loadAttachCode } from './attach-loader.ts';
import { createOutbox, type Outbox, type OutboxEntry, type OutboxStorage } from './outbox.ts';

type VisitorSocket = Socket<VisitorServerEvents, VisitorClientEvents>;

const TOKEN_KEY = 'parley:token';
/** The user id this browser's visitor was verified as (Parley('identify', {id, hash})). */
const WHO_KEY = 'parley:who';
const ACK_TIMEOUT_MS = 10_000;
/** Typing: at most one `true` per THROTTLE, and `false` after IDLE without a keystroke. */
const TYPING_THROTTLE_MS = 2000;
const TYPING_IDLE_MS = 3000;

/**
 * 'limited': refused because this network started too many chats just now (the server's per-address limits).
 * 'overloaded': the server refused a message with `busy` (over capacity or shutting down); it goes again soon.
 */
export type Connection = 'connecting' | 'online' | 'reconnecting' | 'limited' | 'overloaded';
/** After a refusal for being over the per-address limits: wait before trying again. */
const LIMITED_RETRY_MS = 30_000;
/** A message refused with `busy` goes again after 3–6 s. */
const OVERLOAD_RETRY_MS = 3_000;

/** What the attachment chunk (attach/upload.ts) needs of the chat to upload a file and then send it. */
export interface Uploads {
  origin: string;
  /** The visitor's token: uploads and downloads carry it (Authorization: Bearer). */
  token(): string | null;
  outbox: Outbox;
  /** Uploads in flight: client id → fraction sent (0–1). */
  progress: Signal<Record<string, number>>;
  /** A file was stored: its message can go now. */
  flush(): void;
}

export interface ChatDeps {
  /** The Parley origin (the frame shares it with the server). */
  origin: string;
  storage: OutboxStorage | null;
  bridge: Bridge;
}

/**
 * The chat's state (signals the components read) and its one Socket.IO connection. Every (re)connect
 * says session:hello first, merges what it missed, then flushes the outbox in the order written.
 */
export function createChat({ origin, storage, bridge }: ChatDeps) {
  const messages = signal<Message[]>([]);
  const conversation = signal<VisitorConversation | null>(null);
  const connection = signal<Connection>('connecting');
  const typing = signal<string | null>(null);
  const availability = signal<Availability | null>(null);
  /** The conversation whose older messages are not loaded yet ("Earlier messages"), or null. */
  const earlier = signal<string | null>(null);
  const rated = signal(false);
  const contactEmail = signal<string | null>(null);
  const outbox = createOutbox(storage);
  const pending = signal<OutboxEntry[]>(outbox.entries());
  outbox.subscribe((entries) => (pending.value = entries));

  let page: Page | null = null;
  let started = false;
  /** After Parley('shutdown'): no visitor until the chat is opened again (then a new, anonymous one). */
  let dormant = false;
  /** A mail link's token: sent with each hello until one succeeds (then the stored token takes over). */
  let resume: string | null = null;
  let ready = false;
  let flushing = false;
  let flushAgain = false;
  let typingSentAt = 0;
  let typingIdle: ReturnType<typeof setTimeout> | undefined;

  const socket: VisitorSocket = io(`${origin}/visitor`, { autoConnect: false });
  const uploads: Uploads = { origin, token: () => read(TOKEN_KEY), outbox, progress: signal<Record<string, number>>({}), flush: () => void flush() };

  const read = (key: string): string | null => {
    try {
      return storage?.getItem(key) ?? null;
    } catch {
      return null;
    }
  };
  const write = (key: string, value: string | null): void => {
    try {
      if (value === null) storage?.removeItem(key);
      else storage?.setItem(key, value);
    } catch {}
  };
  const locale = (): Locale => (bridge.look.value.locale === 'zh' ? 'zh' : 'en');

  const setConversation = (c: VisitorConversation | null): void => {
    const before = conversation.value;
    // Handed from the bot to the team while the visitor watched: Parley('on', 'handoff', fn) hears it.
    if (c && before?.id === c.id && before.status === 'bot' && (c.status === 'queued' || c.status === 'assigned' || c.status === 'offline')) {
      bridge.handoff({ status: c.status });
    }
    conversation.value = c;
    bridge.live(!!c && (c.status === 'queued' || c.status === 'assigned' || c.status === 'offline' || c.ratingRequested));
  };

  const hello = (afterSeq = lastSeq(messages.value, conversation.value?.id ?? null)): void => {
    ready = false;
    const known = conversation.value?.id ?? null;
    const timeZone = Intl.DateTimeFormat().resolvedOptions().timeZone || null;
    socket
      .timeout(ACK_TIMEOUT_MS)
      .emit('session:hello', { token: read(TOKEN_KEY), locale: locale(), page, afterSeq, timeZone, resume }, (err, res) => {
        if (!socket.connected) return;
        if (err) return hello(afterSeq);
        if (!res.ok) {
          if (res.error === 'unauthorized') {
            write(TOKEN_KEY, null);
            write(WHO_KEY, null);
            return hello(0);
          }
          const limited = res.error === 'rate_limited';
          if (limited) connection.value = 'limited';
          return void setTimeout(() => socket.connected && hello(afterSeq), limited ? LIMITED_RETRY_MS : 3000);
        }
        resume = null;
        write(TOKEN_KEY, res.token);
        // A different conversation than the one we continued from: fetch it from the start.
        if (afterSeq > 0 && res.conversation && res.conversation.id !== known) {
          setConversation(res.conversation);
          return hello(0);
        }
        batch(() => {
          messages.value = withPage(messages.value, res.messages, afterSeq, res.hasEarlier);
          // Older messages than those held: the log starts with "Earlier messages" (a gap after a long absence).
          if (res.hasEarlier || !afterSeq) earlier.value = res.hasEarlier ? res.conversation!.id : null;
          setConversation(res.conversation);
          availability.value = res.availability;
          connection.value = 'online';
        });
        ready = true;
        identify();
        void flush();
      });
  };

  const sendOne = (entry: OutboxEntry) =>
    new Promise<SendAck | null>((resolve) =>
      socket
        .timeout(ACK_TIMEOUT_MS)
        .emit('message:send', { clientId: entry.clientId, text: entry.text, reply: entry.reply, attachments: entry.file?.attachment ? [entry.file.attachment.id] : [] }, (err, res) =>
          resolve(err ? null : res),
        ),
    );

  const flush = async (): Promise<void> => {
    if (flushing) return void (flushAgain = true);
    flushing = true;
    try {
      do {
        flushAgain = false;
        for (const entry of outbox.pending()) {
          if (!ready) return;
          const res = await sendOne(entry);
          if (!res) {
            // No answer in time: try again shortly while connected; a reconnect flushes anyway.
            setTimeout(() => void flush(), 2000);
            return;
          }
          if (!res.ok && res.error === 'busy') {
            // The node is over capacity: the entry stays pending and goes again after a pause (spread, so
            // every refused widget does not come back in the same instant), not at once.
            connection.value = 'overloaded';
            setTimeout(() => void flush(), OVERLOAD_RETRY_MS * (1 + Math.random()));
            return;
          }
          if (connection.value === 'overloaded') connection.value = 'online';
          if (res.ok) {
            outbox.ack(entry.clientId);
            messages.value = mergeMessages(messages.value, [
              {
                id: res.id,
                conversationId: res.conversationId,
                seq: res.seq,
                author: 'visitor',
                authorName: null,
                text: entry.text.trim(),
                clientId: entry.clientId,
                quickReplies: [],
                attachments: entry.file?.attachment ? [entry.file.attachment] : [],
                createdAt: res.createdAt,
              },
            ]);
          } else if (outbox.fail(entry.clientId, res.error)) {
            // Transient (e.g. not_ready after a server restart): say hello again, which flushes again.
            if (socket.connected) hello();
            return;
          }
        }
      } while (flushAgain);
    } finally {
      flushing = false;
    }
  };

  /** What the host page said about the visitor (Parley('identify', …)): name and e-mail as the server accepts them. */
  const identity = () => {
    const given = bridge.identity.value;
    const name = typeof given?.name === 'string' ? given.name.trim().slice(0, MAX_NAME_CHARS) || null : null;
    const email = typeof given?.email === 'string' && EMAIL_RE.test(given.email.trim()) ? given.email.trim() : null;
    return { name, email };
  };

  /** Clears what the chat shows; `everything` also forgets the visitor on this browser (token, outbox). */
  const clear = (everything: boolean): void => {
    if (everything) {
      write(TOKEN_KEY, null);
      write(WHO_KEY, null);
      outbox.clear();
    }
    batch(() => {
      messages.value = [];
      setConversation(null);
      earlier.value = null;
      rated.value = false;
      contactEmail.value = null;
      typing.value = null;
    });
  };

  const identify = (): void => {
    if (!ready || !bridge.identity.value) return;
    void import('./identify.ts').then((m) => {
      const given = bridge.identity.value;
      if (!ready || !given) return;
      m.identify(given, identity(), {
        who: read(WHO_KEY),
        send: (claim, done) =>
          socket.timeout(ACK_TIMEOUT_MS).emit('visitor:identify', claim, (err, res) => done(err || !socket.connected ? null : res)),
        startOver: () => {
          clear(true);
          hello(0);
        },
        remember: (who) => write(WHO_KEY, who),
        become: (token) => {
          write(TOKEN_KEY, token);
          clear(false);
          hello(0);
        },
      });
    });
  };
  bridge.identity.subscribe(identify);

  /** Parley('shutdown'): forget this visitor on this browser; the next open is a new, anonymous visitor. */
  bridge.shutdowns.subscribe((n) => {
    if (!n) return;
    dormant = true;
    socket.disconnect();
    clear(true);
    connection.value = 'connecting';
    bridge.live(false);
    bridge.forgotten();
    if (bridge.open.value) wake();
  });
  const wake = (): void => {
    if (!started || (dormant && !bridge.open.value)) return;
    dormant = false;
    if (navigator.onLine !== false) socket.connect();
  };
  bridge.open.subscribe((open) => open && dormant && wake());
  // A new language from Parley('set', …): said again in hello, so the bot answers in it.
  let said = locale();
  bridge.look.subscribe(() => {
    if (said === locale()) return;
    said = locale();
    if (ready) hello();
  });

  /** Tells the agent the visitor is writing: `true` now and then while keys are pressed, `false` once they stop. */
  const setTyping = (on: boolean): void => {
    clearTimeout(typingIdle);
    const now = Date.now();
    if (on) {
      typingIdle = setTimeout(setTyping, TYPING_IDLE_MS, false);
      if (now - typingSentAt < TYPING_THROTTLE_MS) return;
      typingSentAt = now;
    } else if (typingSentAt) typingSentAt = 0;
    else return;
    if (ready) socket.emit('typing', { typing: on });
  };

  socket.on('connect', () => hello());
  socket.on('disconnect', () => {
    ready = false;
    typingSentAt = 0;
    connection.value = 'reconnecting';
    typing.value = null;
  });
  socket.on('connect_error', (err) => {
    // Refused by the server itself (not a network failure): Socket.IO does not retry that on its own.
    if (err.message === 'rate_limited') {
      connection.value = 'limited';
      setTimeout(() => socket.connect(), LIMITED_RETRY_MS);
    } else if (connection.value === 'online') connection.value = 'reconnecting';
  });
  socket.on('message:new', (message) => {
    const isNew = !messages.value.some((m) => m.id === message.id);
    messages.value = mergeMessages(messages.value, [message]);
    if (message.author === 'agent' || message.author === 'bot') {
      typing.value = null;
      if (isNew) {
        bridge.notify({ author: message.author, authorName: message.authorName, text: message.text, createdAt: message.createdAt });
      }
    }
  });
  socket.on('conversation:update', (c) => {
    const reopened = conversation.value?.id === c.id && !c.ratingRequested && c.status !== 'resolved';
    setConversation(c);
    if (reopened) rated.value = false;
  });
  socket.on('typing', ({ author, typing: on }) => {
    if (author === 'agent') typing.value = on ? (conversation.value?.agentName ?? '') : null;
  });

  // The browser knows about a lost network long before a ping times out: drop and redial at once.
  window.addEventListener('offline', () => socket.disconnect());
  window.addEventListener('online', () => !dormant && socket.connect());

  const emitAck = <E extends 'rating:send' | 'contact:send' | 'transcript:send'>(event: E, payload: Parameters<VisitorClientEvents[E]>[0]) =>
    new Promise<Ack>((resolve) =>
      (socket.timeout(ACK_TIMEOUT_MS).emit as (e: E, p: unknown, cb: (err: Error | null, res: Ack) => void) => void)(
        event,
        payload,
        (err, res) => resolve(err ? { ok: false, error: 'internal' as ErrorCode } : res),
      ),
    );

  return {
    messages,
    conversation,
    connection,
    typing,
    availability,
    earlier,
    rated,
    contactEmail,
    outbox: pending,
    start(p: Page | null): void {
      page = p;
      resume = bridge.resume();
      started = true;
      wake();
    },
    identity,
    setTyping,
    send(text: string, reply: string | null = null): void {
      if (!text.trim()) return;
      setTyping(false);
      outbox.add(text, reply);
      void flush();
    },
    retry(clientId: string): void {
      const entry = outbox.entries().find((e) => e.clientId === clientId);
      // A file not stored yet is uploaded again first (same client id: the server keeps one copy).
      if (entry?.file && !entry.file.attachment) return void loadAttachCode().then((m) => m.retryUpload(uploads, clientId), () => {});
      outbox.retry(clientId);
      void flush();
    },
    uploads,
    /** Pictures or PDFs picked, dropped or pasted: each is uploaded, then sent as a message. */
    attach(files: File[]): void {
      // The chunk may fail to load (offline): the file was not taken, and picking it again tries again.
      if (files.length) void loadAttachCode().then((m) => m.attachFiles(uploads, files), () => {});
    },
    dismiss(clientId: string): void {
      outbox.remove(clientId);
    },
    async rate(score: number, comment: string | null): Promise<Ack> {
      const c = conversation.value;
      if (!c) return { ok: false, error: 'not_found' };
      const res = await emitAck('rating:send', { conversationId: c.id, score, comment: comment?.trim() || null });
      if (res.ok) rated.value = true;
      return res;
    },
    /** One page of older messages of the conversation marked `earlier`; resolves once merged. */
    loadEarlier: () =>
      new Promise<void>((resolve) => {
        const id = earlier.value;
        const held = messages.value.filter((m) => m.conversationId === id);
        if (!id || !held.length) return resolve();
        socket.timeout(ACK_TIMEOUT_MS).emit('messages:before', { conversationId: id, beforeSeq: held[0]!.seq }, (err, res) => {
          if (!err && res.ok) {
            batch(() => {
              messages.value = mergeMessages(messages.value, res.messages);
              earlier.value = res.hasEarlier ? id : null;
            });
          }
          resolve();
        });
      }),
    /** "E-mail me this conversation": the current conversation to this address. */
    async sendTranscript(email: string): Promise<Ack> {
      const c = conversation.value;
      if (!c) return { ok: false, error: 'not_found' };
      return emitAck('transcript:send', { conversationId: c.id, email: email.trim() });
    },
    async leaveContact(email: string): Promise<Ack> {
      const res = await emitAck('contact:send', { email: email.trim(), name: identity().name });
      if (res.ok) contactEmail.value = email.trim();
      return res;
    },
  };
}

export type Chat = ReturnType<typeof createChat>;
