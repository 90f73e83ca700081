import type { Namespace } from 'socket.io';
import {
  AgentMessagesBeforeSchema,
  AgentSendSchema,
  AgentStatusChangeSchema,
  AgentTypingSchema,
  CannedDeleteSchema,
  CannedSaveSchema,
  ConversationRefSchema,
  ConversationsPageSchema,
  EmptySchema,
  MailListSchema,
  MailNotifySchema,
  MailRefSchema,
  MailSettingsSchema,
  NoteAddSchema,
  SESSION_COOKIE,
  SearchSchema,
  TransferSchema,
  VisitorFlagSchema,
  type AgentProfile,
} from '../../protocol/index.ts';
import { parseCookies } from '../auth/cookies.ts';
import { createRateLimiter } from '../auth/rate-limit.ts';
import { hashToken, type AgentSessions } from '../auth/sessions.ts';
import type { AgentDesk } from '../desk/agent-desk.ts';
import { logFailure, type Logger } from '../log.ts';
import { isOwnOrigin } from './origins.ts';
import { AGENTS_ROOM, agentRoom, sessionRoom, watchRoom } from './rooms.ts';
import { agentBinders } from './agent-guards.ts';

export interface AgentNamespaceDeps {
  desk: AgentDesk;
  sessions: AgentSessions;
  nodeId: string;
  publicUrl: string | null;
  log: Logger;
  /** False once shutdown began: presence is then cleared in one go, not socket by socket. */
  running: () => boolean;
}

/** /agent: the console. The handshake is authenticated from the session cookie, or refused. */
export function attachAgentNamespace(nsp: Namespace, deps: AgentNamespaceDeps): void {
  const { desk, sessions, nodeId, log } = deps;

  nsp.use((socket, next) => {
    const headers = socket.request.headers;
    // A browser sends cookies with a cross-site WebSocket, so a page elsewhere — even an allowed merchant's —
    // could ride an agent's session: the console's socket comes from Parley's own pages only.
    if (headers.origin !== undefined && !isOwnOrigin(headers.origin, headers.host, deps.publicUrl)) return next(new Error('forbidden'));
    const token = parseCookies(headers.cookie).get(SESSION_COOKIE);
    sessions.resolve(token).then(
      (agent) => {
        if (!agent) return next(new Error('unauthorized'));
        socket.data.agent = agent;
        socket.data.tokenHash = hashToken(token!);
        next();
      },
      (err) => {
        logFailure(log, err, {}, 'agent handshake failed');
        next(new Error('internal'));
      },
    );
  });

  nsp.on('connection', (socket) => {
    const me = socket.data.agent as AgentProfile;
    const tokenHash = socket.data.tokenHash as string;
    void socket.join([AGENTS_ROOM, agentRoom(me.id), sessionRoom(tokenHash)]);
    desk.presence.connected(me, nodeId).catch((err) => logFailure(log, err, { agentId: me.id }, 'presence update failed'));
    log.info({ agentId: me.id }, 'agent connected');
    socket.on('disconnect', () => {
      if (!deps.running()) return;
      desk.presence.disconnected(me, nodeId).catch((err) => logFailure(log, err, { agentId: me.id }, 'presence update failed'));
      log.info({ agentId: me.id }, 'agent disconnected');
    });

    // The conversation this console shows: its messages, notes and typing come through this room.
    let watching: string | null = null;
    const watch = async (conversationId: string) => {
      if (watching === conversationId) return;
      if (watching) await socket.leave(watchRoom(watching));
      watching = conversationId;
      await socket.join(watchRoom(conversationId));
    };

    const { on, admin } = agentBinders(socket, sessions, log);
    const sendLimit = createRateLimiter({ capacity: 10, perSecond: 2 });
    const chatter = createRateLimiter({ capacity: 30, perSecond: 10 });
    const lists = desk.lists;

    on('queue:list', EmptySchema, () => lists.list(me), chatter);
    on('conversations:page', ConversationsPageSchema, (input) => lists.page(me, input), chatter);
    on('conversations:search', SearchSchema, (input) => lists.search(me, input), chatter);
    on('conversation:open', ConversationRefSchema, async ({ conversationId }) => {
      // Join before reading, so nothing written in between is missed.
      await watch(conversationId);
      return lists.open(me, conversationId);
    }, chatter);
    on('messages:before', AgentMessagesBeforeSchema, (input) => lists.before(me, input), chatter);
    on('conversation:claim', ConversationRefSchema, async ({ conversationId }) => ({ conversation: await desk.actions.claim(me, conversationId) }), chatter);
    on('conversation:release', ConversationRefSchema, async ({ conversationId }) => ({ conversation: await desk.actions.release(me, conversationId) }), chatter);
    on('conversation:transfer', TransferSchema, async (input) => ({ conversation: await desk.actions.transfer(me, input) }), chatter);
    on('conversation:resolve', ConversationRefSchema, async ({ conversationId }) => ({ conversation: await desk.actions.resolve(me, conversationId) }), chatter);
    on('message:send', AgentSendSchema, (input) => desk.replies.send(me, input), sendLimit);
    on('note:add', NoteAddSchema, (input) => desk.replies.note(me, input), sendLimit);
    on('agent:status', AgentStatusChangeSchema, ({ status }) => desk.presence.setStatus(me, status), chatter);
    on('canned:list', EmptySchema, async () => ({ responses: await desk.canned.list() }), chatter);
    admin('canned:save', CannedSaveSchema, async (input) => ({ response: await desk.canned.save(me, input) }), chatter);
    admin('canned:delete', CannedDeleteSchema, async ({ id }) => desk.canned.remove(me, id).then(() => ({})), chatter);
    on('visitor:flag', VisitorFlagSchema, (input) => desk.flags.flag(me, input), chatter);
    on('visitor:unflag', VisitorFlagSchema, (input) => desk.flags.unflag(me, input), chatter);
    on('mail:list', MailListSchema, (input) => desk.mail.list(me, input), chatter);
    on('mail:retry', MailRefSchema, ({ id }) => desk.mail.retry(me, id), chatter);
    on('mail:notify', MailNotifySchema, ({ on: wanted }) => desk.mail.notify(me, wanted), chatter);
    admin('mail:settings', MailSettingsSchema, (input) => desk.mail.settings(me, input), chatter);
    on('typing', AgentTypingSchema, ({ conversationId, typing }) => desk.replies.typing(me, conversationId, typing), chatter);
  });
}
