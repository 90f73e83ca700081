import type { Namespace } from 'socket.io';
import {
  AgentSendSchema,
  ConversationRefSchema,
  QueueListSchema,
  SESSION_COOKIE,
  type AgentProfile,
} from '../../protocol/index.ts';
import { z } from 'zod';
import { parseCookies } from '../auth/cookies.ts';
import { createRateLimiter } from '../auth/rate-limit.ts';
import type { AgentSessions } from '../auth/sessions.ts';
import type { AgentDesk } from '../desk/agent-desk.ts';
import type { Logger } from '../log.ts';
import type { Store } from '../store/store.ts';
import { AGENTS_ROOM } from './rooms.ts';
import { bindEvent } from './validate.ts';

const AgentTypingSchema = ConversationRefSchema.extend({ typing: z.boolean() });

export interface AgentNamespaceDeps {
  desk: AgentDesk;
  sessions: AgentSessions;
  store: Store;
  nodeId: string;
  publicUrl: string | null;
  log: Logger;
  /** False once shutdown began: presence is then cleared in one go, not socket by socket. */
  running: () => boolean;
}

/**
 * A browser sends cookies with a cross-site WebSocket, so a page elsewhere could ride an agent's session:
 * when the handshake names an Origin it must be this server's.
 */
function sameOrigin(origin: string | undefined, host: string | undefined, publicUrl: string | null): boolean {
  if (!origin) return true;
  try {
    const o = new URL(origin);
    if (publicUrl && o.origin === new URL(publicUrl).origin) return true;
    return o.host === host;
  } catch {
    return false;
  }
}

/** /agent: the console. The handshake is authenticated from the session cookie, or refused. */
export function attachAgentNamespace(nsp: Namespace, deps: AgentNamespaceDeps): void {
  const { desk, sessions, store, nodeId, log } = deps;

  nsp.use((socket, next) => {
    const headers = socket.request.headers;
    if (!sameOrigin(headers.origin, headers.host, deps.publicUrl)) return next(new Error('forbidden'));
    const token = parseCookies(headers.cookie).get(SESSION_COOKIE);
    sessions.resolve(token).then(
      (agent) => {
        if (!agent) return next(new Error('unauthorized'));
        socket.data.agent = agent;
        next();
      },
      (err) => {
        log.error({ err }, 'agent handshake failed');
        next(new Error('internal'));
      },
    );
  });

  nsp.on('connection', (socket) => {
    const me = socket.data.agent as AgentProfile;
    void socket.join(AGENTS_ROOM);
    const presence = (online: boolean) =>
      store.setAgentPresence(me.id, nodeId, online, Date.now()).catch((err) => log.error({ err, agentId: me.id }, 'presence update failed'));
    void presence(true);
    log.info({ agentId: me.id }, 'agent connected');
    socket.on('disconnect', () => {
      if (!deps.running()) return;
      void presence(false);
      log.info({ agentId: me.id }, 'agent disconnected');
    });

    const sendLimit = { limiter: createRateLimiter({ capacity: 10, perSecond: 2 }) };
    const chatter = { limiter: createRateLimiter({ capacity: 30, perSecond: 10 }) };

    bindEvent(socket, log, 'queue:list', QueueListSchema, async () => ({ me, conversations: await desk.list(me) }), chatter);
    bindEvent(socket, log, 'conversation:open', ConversationRefSchema, ({ conversationId }) => desk.open(me, conversationId), chatter);
    bindEvent(socket, log, 'conversation:claim', ConversationRefSchema, async ({ conversationId }) => ({
      conversation: await desk.claim(me, conversationId),
    }), chatter);
    bindEvent(socket, log, 'message:send', AgentSendSchema, (input) => desk.send(me, input), sendLimit);
    bindEvent(socket, log, 'conversation:resolve', ConversationRefSchema, async ({ conversationId }) => ({
      conversation: await desk.resolve(me, conversationId),
    }), chatter);
    bindEvent(socket, log, 'typing', AgentTypingSchema, async ({ conversationId, typing }) => {
      await desk.typing(me, conversationId, typing);
    }, chatter);
  });
}
