import type { Contact, Locale, Message, Rating, SendAck, VisitorConversation, VisitorSend } from '../../protocol/index.ts';
import { INITIAL_BOT_STATE } from '../bot/types.ts';
import type { ConversationRow, MessageRow } from '../store/store.ts';
import { runBotTurn } from './bot-turn.ts';
import type { DeskContext } from './context.ts';
import { DeskError } from './errors.ts';
import { toMessage } from './views.ts';

/** A resolved conversation older than this is history: the visitor's next message starts a new one. */
export const REOPEN_WITHIN_MS = 24 * 60 * 60 * 1000;
/** At most this many messages are sent back on session:hello; the widget asks again from the last seq. */
export const HELLO_MESSAGES = 200;

/** Who is talking, as the realtime layer knows them after session:hello. */
export interface VisitorSession {
  visitorId: string;
  locale: Locale;
  pageUrl: string | null;
}

export interface HelloResult {
  visitorId: string;
  conversation: VisitorConversation | null;
  messages: Message[];
  agentsOnline: boolean;
}

type Ok<T> = Extract<T, { ok: true }>;

export interface VisitorDesk {
  /** `visitorId` is the one a valid token carried, or null: then (or if unknown) a new visitor is made. */
  hello(input: { visitorId: string | null; locale: Locale; pageUrl: string | null; afterSeq: number }): Promise<HelloResult>;
  send(session: VisitorSession, input: VisitorSend): Promise<Omit<Ok<SendAck>, 'ok'>>;
  rate(session: VisitorSession, input: Rating): Promise<void>;
  contact(session: VisitorSession, input: Contact): Promise<void>;
  typing(session: VisitorSession, typing: boolean): Promise<void>;
}

export function createVisitorDesk(ctx: DeskContext): VisitorDesk {
  const { store, log } = ctx;

  const isHistory = (c: ConversationRow) => c.status === 'resolved' && c.resolvedAt !== null && ctx.now() - c.resolvedAt > REOPEN_WITHIN_MS;

  const current = async (visitorId: string): Promise<ConversationRow | null> => {
    const latest = await store.latestConversationForVisitor(visitorId);
    return latest && !isHistory(latest) ? latest : null;
  };

  const ackOf = (m: MessageRow) => ({ id: m.id, seq: m.seq, createdAt: m.createdAt, conversationId: m.conversationId });

  /** The conversation a new visitor message goes into: the live one, a reopened one, or a new one. */
  async function conversationFor(session: VisitorSession): Promise<{ conv: ConversationRow; changed: boolean }> {
    const actor = { kind: 'visitor' as const, id: session.visitorId };
    const latest = await current(session.visitorId);
    if (!latest) {
      const conv = await store.createConversation({ visitorId: session.visitorId, locale: session.locale, pageUrl: session.pageUrl, actor });
      log.info({ conversationId: conv.id, visitorId: session.visitorId }, 'conversation created');
      return { conv, changed: true };
    }
    if (latest.status !== 'resolved') return { conv: latest, changed: false };
    const reopened = await store.transition(latest.id, {
      from: ['resolved'],
      to: 'bot',
      actor,
      reason: 'visitor wrote again',
      patch: { botState: INITIAL_BOT_STATE, assignedAgentId: null, priority: null, handoff: null, queuedAt: null, resolvedAt: null },
    });
    if (reopened) log.info({ conversationId: latest.id }, 'conversation reopened');
    return { conv: reopened ?? (await store.getConversation(latest.id)) ?? latest, changed: true };
  }

  return {
    async hello({ visitorId, locale, pageUrl, afterSeq }) {
      const known = visitorId ? await store.getVisitor(visitorId) : null;
      const visitor = known ?? (await store.createVisitor());
      if (!known) log.info({ visitorId: visitor.id }, 'visitor created');
      let conv = await current(visitor.id);
      if (conv && (conv.locale !== locale || (pageUrl !== null && conv.pageUrl !== pageUrl))) {
        conv = (await store.updateConversation(conv.id, { locale, ...(pageUrl !== null ? { pageUrl } : {}) })) ?? conv;
      }
      const [messages, online, view] = await Promise.all([
        conv ? store.listMessages(conv.id, { afterSeq, limit: HELLO_MESSAGES }) : [],
        store.countOnlineAgents(),
        conv ? ctx.visitorView(conv) : null,
      ]);
      return { visitorId: visitor.id, conversation: view, messages: messages.map(toMessage), agentsOnline: online > 0 };
    },

    send(session, input) {
      return ctx.lock.run(session.visitorId, async () => {
        const seen = await store.findMessageByClientId(session.visitorId, input.clientId);
        if (seen) return ackOf(seen);

        const { conv, changed } = await conversationFor(session);
        const { message, duplicate } = await store.appendMessage({
          conversationId: conv.id,
          author: 'visitor',
          senderId: session.visitorId,
          authorName: null,
          text: input.text,
          clientId: input.clientId,
        });
        if (duplicate) return ackOf(message);

        ctx.publishMessage(conv, message);
        if (changed) await ctx.publishConversation(conv);
        else await ctx.publishSummary(conv);

        if (conv.status === 'bot') {
          // Queued behind this task on the same lock, so the bot answers messages in order; the extra
          // tick lets the acknowledgement leave before the bot's reply.
          void ctx.lock
            .run(session.visitorId, async () => {
              await new Promise((r) => setImmediate(r));
              await runBotTurn(ctx, conv.id, message, input.reply);
            })
            .catch((err) => log.error({ err, conversationId: conv.id }, 'bot turn failed'));
        }
        return ackOf(message);
      });
    },

    async rate(session, input) {
      const conv = await store.getConversation(input.conversationId);
      // Someone else's conversation is reported as missing: a visitor learns nothing about others.
      if (!conv || conv.visitorId !== session.visitorId) throw new DeskError('not_found');
      if (conv.status !== 'resolved') throw new DeskError('conflict');
      await store.saveRating(conv.id, input.score, input.comment || null);
      log.info({ conversationId: conv.id, score: input.score }, 'rated');
      const updated = (await store.getConversation(conv.id)) ?? conv;
      await ctx.publishConversation(updated);
    },

    async contact(session, input) {
      await store.setVisitorContact(session.visitorId, { email: input.email, name: input.name || null });
      log.info({ visitorId: session.visitorId }, 'contact left');
      const conv = await current(session.visitorId);
      if (conv) await ctx.publishConversation(conv);
    },

    async typing(session, typing) {
      const conv = await current(session.visitorId);
      if (conv && conv.status !== 'bot' && conv.status !== 'resolved') ctx.notify.toAgents('typing', { conversationId: conv.id, typing });
    },
  };
}
