import { signal } from '@preact/signals';
import type { AgentProfile, AgentStatus } from '../protocol/agent.ts';
import type { ConversationSummary } from '../protocol/conversation.ts';
import type { ErrorCode } from '../protocol/errors.ts';
import { createAlerts } from './alerts.ts';
import { createBrowser } from './browse.ts';
import { createCannedLibrary } from './canned.ts';
import { createMailDesk } from './mail.ts';
import { createOpenConversation } from './open-conversation.ts';
import { createOutbox } from './outbox.ts';
import { createRoster } from './roster.ts';
import { connectAgentSocket, type Request } from './socket.ts';
import { createWaitingList } from './waiting.ts';

export type Connection = 'connecting' | 'online' | 'reconnecting' | 'signed-out';

/**
 * One agent's console: its connection to /agent and everything it shows. Every (re)connect reloads the
 * waiting list, the saved replies and whatever is on screen, so nothing missed while away stays missing.
 */
export function createWorkspace(profile: AgentProfile, onSignedOut: () => void) {
  const { socket, request: ask } = connectAgentSocket();
  /** The session ended (signed out elsewhere, expired, the account removed): back to the sign-in form. */
  const signedOut = () => {
    if (connection.value === 'signed-out') return;
    connection.value = 'signed-out';
    socket.disconnect();
    onSignedOut();
  };
  // The server checks the session on every event: an `unauthorized` answer means it ended.
  const request: Request = async (event, payload) => {
    const res = await ask(event, payload);
    if ((res as { ok: boolean; error?: string }).error === 'unauthorized') signedOut();
    return res;
  };
  const meId = profile.id;
  const roster = createRoster({ ...profile, status: 'available' });
  const waiting = createWaitingList(meId);
  const browser = createBrowser(request);
  const conversation = createOpenConversation(request);
  const canned = createCannedLibrary(request);
  const mail = createMailDesk(request);
  const connection = signal<Connection>('connecting');
  /** Unsent text per conversation, so switching between chats loses nothing. */
  const drafts = new Map<string, { reply: string; note: string }>();
  /** The last action that failed in the conversation pane, in words by format.ts. */
  const notice = signal<ErrorCode | null>(null);

  const outbox = createOutbox(request, (conversationId, messageId) => {
    // The broadcast normally arrives before the answer; if this console missed it, fetch the transcript.
    if (conversationId === conversation.id.value && !conversation.messages.value.some((m) => m.id === messageId)) void conversation.reload();
  });

  const known = (id: string): ConversationSummary | null =>
    waiting.get(id) ??
    browser.page.value.items.find((c) => c.id === id) ??
    browser.results.value.items.find((h) => h.conversation.id === id)?.conversation ??
    (conversation.summary.value?.id === id ? conversation.summary.value : null);

  const open = async (id: string) => {
    notice.value = null;
    alerts.seen(id);
    await conversation.open(id, known(id));
    outbox.settle(conversation.messages.value.map((m) => m.clientId));
  };

  const alerts = createAlerts({ meId, openId: () => conversation.id.value, open: (id) => void open(id) });

  const upsert = (c: ConversationSummary) => {
    waiting.upsert(c);
    browser.upsert(c);
    conversation.upsert(c);
    alerts.upsert(c);
  };

  const refresh = async () => {
    const res = await request('queue:list', {});
    if (!res.ok) return void (notice.value = res.error);
    roster.replace(res.me, res.agents, res.settings);
    waiting.replace(res.conversations);
  };

  socket.on('connect', () => {
    connection.value = 'online';
    void refresh();
    void canned.load();
    void mail.load();
    void conversation.reload();
    if (browser.view.value) void browser.reload();
    if (browser.query.value.trim().length >= 2) void browser.search(browser.query.value);
  });
  socket.on('disconnect', (reason) => {
    if (connection.value === 'signed-out') return;
    connection.value = 'reconnecting';
    // The server ended this socket (its session ended) and Socket.IO will not retry by itself: one
    // reconnect asks the handshake, which says `unauthorized` if the session is gone.
    if (reason === 'io server disconnect') socket.connect();
  });
  socket.on('connect_error', (err) => {
    // The handshake refuses an expired session: back to the sign-in form instead of retrying forever.
    if (err.message === 'unauthorized') signedOut();
    else connection.value = 'reconnecting';
  });
  socket.on('conversation:upsert', upsert);
  socket.on('message:new', (m) => {
    conversation.addMessage(m);
    if (m.clientId) outbox.settle([m.clientId]);
    alerts.onMessage(m, waiting.get(m.conversationId));
  });
  socket.on('note:new', conversation.addNote);
  socket.on('typing', ({ conversationId, typing }) => conversation.setTyping(conversationId, typing));
  socket.on('agent:update', roster.update);
  socket.on('desk:settings', (desk) => (roster.settings.value = desk));
  socket.on('canned:update', canned.set);
  socket.on('mail:failed', mail.onFailed);
  socket.on('alert', (alert) => {
    upsert(alert.conversation);
    alerts.onAlert(alert);
  });

  /** Claim, release, resolve: one conversation changes hands; a lost race reloads the lists. */
  const act = async (event: 'conversation:claim' | 'conversation:release' | 'conversation:resolve', conversationId: string) => {
    notice.value = null;
    const res = await request(event, { conversationId });
    if (!res.ok) {
      notice.value = res.error;
      if (res.error === 'conflict' || res.error === 'forbidden') await refresh();
      return false;
    }
    upsert(res.conversation);
    return true;
  };

  return {
    me: roster.me,
    roster,
    waiting,
    browser,
    conversation,
    outbox,
    canned,
    mail,
    request,
    alerts,
    connection,
    notice,
    drafts,
    start: () => void socket.connect(),
    stop() {
      connection.value = 'signed-out';
      socket.disconnect();
    },
    open,
    close: () => conversation.close(),
    claim: (id: string) => act('conversation:claim', id),
    release: (id: string) => act('conversation:release', id),
    resolve: (id: string) => act('conversation:resolve', id),
    /** Resolves to the error to show in the transfer dialog, or null once transferred. */
    async transfer(conversationId: string, toAgentId: string, note: string): Promise<ErrorCode | null> {
      const res = await request('conversation:transfer', { conversationId, toAgentId, note: note.trim() || null });
      if (!res.ok) return res.error;
      upsert(res.conversation);
      return null;
    },
    async addNote(conversationId: string, text: string): Promise<ErrorCode | null> {
      const res = await request('note:add', { conversationId, text });
      if (!res.ok) return res.error;
      conversation.addNote(res.note);
      return null;
    },
    async setStatus(status: AgentStatus): Promise<ErrorCode | null> {
      const res = await request('agent:status', { status });
      if (!res.ok) return res.error;
      roster.me.value = res.me;
      return null;
    },
    async flag(visitorId: string, label: string, on: boolean): Promise<ErrorCode | null> {
      const res = await request(on ? 'visitor:flag' : 'visitor:unflag', { visitorId, label });
      if (!res.ok) return res.error;
      conversation.setFlags(visitorId, res.flags);
      return null;
    },
    send: outbox.send,
    sendFiles: outbox.sendFiles,
    typing(conversationId: string, typing: boolean) {
      socket.emit('typing', { conversationId, typing });
    },
  };
}

export type Workspace = ReturnType<typeof createWorkspace>;
