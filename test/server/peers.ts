import { randomUUID } from 'node:crypto';
import { io, type Socket } from 'socket.io-client';
import {
  SESSION_COOKIE,
  type Ack,
  type AgentClientEvents,
  type AgentServerEvents,
  type HelloAck,
  type SendAck,
  type VisitorClientEvents,
  type VisitorServerEvents,
} from '../../protocol/index.ts';

type Seen = { event: string; args: unknown[] };
const WAIT_MS = 10_000;

/** Remembers every event a socket receives, so a test can wait for one that may already have arrived. */
function record(socket: Socket) {
  const seen: Seen[] = [];
  const waiters = new Set<() => void>();
  socket.onAny((event: string, ...args: unknown[]) => {
    seen.push({ event, args });
    for (const w of [...waiters]) w();
  });
  return {
    seen,
    /** Events of this name received so far. */
    all<T>(event: string): T[] {
      return seen.filter((s) => s.event === event).map((s) => s.args[0] as T);
    },
    /** The first event of this name matching `test` (already received or still to come). */
    next<T>(event: string, test: (payload: T) => boolean = () => true, ms = WAIT_MS): Promise<T> {
      return new Promise((resolve, reject) => {
        const check = () => {
          const hit = seen.find((s) => s.event === event && test(s.args[0] as T));
          if (!hit) return false;
          waiters.delete(check);
          clearTimeout(timer);
          resolve(hit.args[0] as T);
          return true;
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`no ${event} event matching within ${ms} ms; saw: ${seen.map((s) => s.event).join(', ')}`));
        }, ms);
        if (!check()) waiters.add(check);
      });
    },
  };
}

function connected(socket: Socket): Promise<void> {
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', (err) => reject(err));
  });
}

export type VisitorPeer = Awaited<ReturnType<typeof connectVisitor>>;

/** A widget-like visitor: a real socket.io-client on /visitor. */
export async function connectVisitor(url: string, opts: { userAgent?: string; headers?: Record<string, string> } = {}) {
  const socket: Socket<VisitorServerEvents, VisitorClientEvents> = io(`${url}/visitor`, {
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
    extraHeaders: { ...opts.headers, ...(opts.userAgent ? { 'user-agent': opts.userAgent } : {}) },
  });
  const events = record(socket as unknown as Socket);
  await connected(socket as unknown as Socket);
  const raw = socket as unknown as Socket;
  return {
    socket,
    events,
    hello(
      token: string | null = null,
      opts: { locale?: 'en' | 'zh'; afterSeq?: number; page?: { url: string; title: string } | null; timeZone?: string | null } = {},
    ): Promise<HelloAck> {
      return raw.timeout(WAIT_MS).emitWithAck('session:hello', {
        token,
        locale: opts.locale ?? 'en',
        page: opts.page === undefined ? { url: 'http://shop.test/checkout', title: 'Checkout' } : opts.page,
        afterSeq: opts.afterSeq ?? 0,
        timeZone: opts.timeZone ?? null,
      });
    },
    send(text: string, opts: { clientId?: string; reply?: string | null; attachments?: string[] } = {}): Promise<SendAck> {
      return raw.timeout(WAIT_MS).emitWithAck('message:send', {
        clientId: opts.clientId ?? randomUUID(),
        text,
        reply: opts.reply ?? null,
        ...(opts.attachments ? { attachments: opts.attachments } : {}),
      });
    },
    emit<T = Record<string, unknown>>(event: string, ...args: unknown[]): Promise<Ack<T & object>> {
      return raw.timeout(WAIT_MS).emitWithAck(event, ...args);
    },
    close() {
      socket.disconnect();
    },
  };
}

/** A new visitor's question and the bot's reply to it, the visitor gone after. */
export async function botReplyTo(url: string, text: string): Promise<string> {
  const visitor = await connectVisitor(url);
  try {
    await visitor.hello();
    await visitor.send(text);
    return (await visitor.events.next<{ author: string; text: string }>('message:new', (m) => m.author === 'bot')).text;
  } finally {
    visitor.close();
  }
}

/** Asks until the bot gives `expected` (a reloaded FAQ pack is trained on a worker first); the last reply. */
export async function untilBotReplies(url: string, text: string, expected: string, tries = 60): Promise<string> {
  let reply = '';
  for (let i = 0; i < tries; i++) {
    reply = await botReplyTo(url, text);
    if (reply === expected) break;
    await new Promise((r) => setTimeout(r, 250));
  }
  return reply;
}

/** Signs in over HTTP like the console does; returns the Cookie header value. */
export async function login(url: string, email: string, password: string): Promise<string> {
  const res = await fetch(`${url}/api/agent/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  if (res.status !== 200) throw new Error(`login failed: ${res.status}`);
  const cookie = res.headers.getSetCookie().find((c) => c.startsWith(`${SESSION_COOKIE}=`));
  if (!cookie) throw new Error('no session cookie');
  return cookie.split(';')[0]!;
}

export type AgentPeer = Awaited<ReturnType<typeof connectAgent>>;

/** A console-like agent: a real socket.io-client on /agent carrying the session cookie. */
export async function connectAgent(url: string, cookie: string | null) {
  const socket: Socket<AgentServerEvents, AgentClientEvents> = io(`${url}/agent`, {
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
    extraHeaders: cookie ? { cookie } : {},
  });
  const events = record(socket as unknown as Socket);
  await connected(socket as unknown as Socket);
  const raw = socket as unknown as Socket;
  return {
    socket,
    events,
    emit<T = Record<string, unknown>>(event: string, ...args: unknown[]): Promise<Ack<T & object>> {
      return raw.timeout(WAIT_MS).emitWithAck(event, ...args);
    },
    close() {
      socket.disconnect();
    },
  };
}
