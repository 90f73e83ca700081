import type { AgentMessage, AgentProfile, AgentSend, ConversationSummary } from '../../protocol/index.ts';
import type { ConversationRow } from '../store/store.ts';
import type { DeskContext } from './context.ts';
import { DeskError } from './errors.ts';
import { compareForQueue } from '../../protocol/index.ts';
import { LIVE_STATUSES, RESOLVED_VISIBLE_MS } from './queue.ts';
import { deskTexts } from './texts.ts';
import { toAgentMessage } from './views.ts';

const LIST_LIMIT = 500;
const OPEN_MESSAGES = 1000;

export interface AgentDesk {
  list(me: AgentProfile): Promise<ConversationSummary[]>;
  open(me: AgentProfile, conversationId: string): Promise<{ conversation: ConversationSummary; messages: AgentMessage[] }>;
  claim(me: AgentProfile, conversationId: string): Promise<ConversationSummary>;
  send(me: AgentProfile, input: AgentSend): Promise<{ id: string; seq: number; createdAt: number }>;
  resolve(me: AgentProfile, conversationId: string): Promise<ConversationSummary>;
  typing(me: AgentProfile, conversationId: string, typing: boolean): Promise<void>;
}

export function createAgentDesk(ctx: DeskContext): AgentDesk {
  const { store, log } = ctx;
  const actorOf = (me: AgentProfile) => ({ kind: 'agent' as const, id: me.id });

  const load = async (id: string): Promise<ConversationRow> => {
    const conv = await store.getConversation(id);
    if (!conv) throw new DeskError('not_found');
    return conv;
  };

  /** Writes a system line into the conversation and shows it to both sides. */
  const say = async (conv: ConversationRow, text: string) => {
    const { message } = await store.appendMessage({ conversationId: conv.id, author: 'system', senderId: null, authorName: null, text, clientId: null });
    ctx.publishMessage(conv, message);
  };

  return {
    async list() {
      const [live, resolved] = await Promise.all([
        store.listConversations({ statuses: LIVE_STATUSES, limit: LIST_LIMIT }),
        store.listConversations({ statuses: ['resolved'], limit: LIST_LIMIT }),
      ]);
      const since = ctx.now() - RESOLVED_VISIBLE_MS;
      const rows = [...live, ...resolved.filter((c) => (c.resolvedAt ?? c.updatedAt) >= since)].sort(compareForQueue);
      return Promise.all(rows.map((c) => ctx.summary(c)));
    },

    async open(_me, conversationId) {
      const conv = await load(conversationId);
      const [conversation, messages] = await Promise.all([ctx.summary(conv), store.listMessages(conv.id, { limit: OPEN_MESSAGES })]);
      return { conversation, messages: messages.map(toAgentMessage) };
    },

    async claim(me, conversationId) {
      // The visitor's lock keeps a claim from landing in the middle of a bot turn.
      const existing = await load(conversationId);
      return ctx.lock.run(existing.visitorId, async () => {
        const claimed = await store.transition(conversationId, {
          from: ['queued', 'offline', 'bot'],
          to: 'assigned',
          actor: actorOf(me),
          reason: 'claimed',
          patch: { assignedAgentId: me.id },
        });
        if (!claimed) {
          const now = await load(conversationId);
          if (now.status === 'assigned' && now.assignedAgentId === me.id) return ctx.summary(now);
          throw new DeskError('conflict');
        }
        log.info({ conversationId, agentId: me.id, from: existing.status }, 'claimed');
        await say(claimed, deskTexts.joined(me.name, claimed.locale));
        await ctx.publishConversation(claimed);
        if (existing.status === 'queued') await ctx.publishQueuePositions();
        return ctx.summary(claimed);
      });
    },

    async send(me, input) {
      const conv = await load(input.conversationId);
      if (conv.status !== 'assigned' || conv.assignedAgentId !== me.id) throw new DeskError('forbidden');
      const { message, duplicate } = await store.appendMessage({
        conversationId: conv.id,
        author: 'agent',
        senderId: me.id,
        authorName: me.name,
        text: input.text,
        clientId: input.clientId,
      });
      if (!duplicate) {
        ctx.publishMessage(conv, message);
        await ctx.publishSummary(conv);
      }
      return { id: message.id, seq: message.seq, createdAt: message.createdAt };
    },

    async resolve(me, conversationId) {
      const conv = await load(conversationId);
      if (conv.status === 'resolved') return ctx.summary(conv);
      if (conv.status === 'assigned' && conv.assignedAgentId !== me.id) throw new DeskError('forbidden');
      return ctx.lock.run(conv.visitorId, async () => {
        const resolved = await store.transition(conversationId, {
          from: ['assigned', 'queued', 'offline', 'bot'],
          to: 'resolved',
          actor: actorOf(me),
          reason: 'resolved',
          patch: { resolvedAt: ctx.now() },
        });
        if (!resolved) throw new DeskError('conflict');
        log.info({ conversationId, agentId: me.id }, 'resolved');
        await say(resolved, deskTexts.resolved(resolved.locale));
        await ctx.publishConversation(resolved);
        if (conv.status === 'queued') await ctx.publishQueuePositions();
        return ctx.summary(resolved);
      });
    },

    async typing(me, conversationId, typing) {
      const conv = await store.getConversation(conversationId);
      if (conv && conv.status === 'assigned' && conv.assignedAgentId === me.id) {
        ctx.notify.toVisitor(conv.visitorId, 'typing', { author: 'agent', typing });
      }
    },
  };
}

