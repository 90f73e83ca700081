import {
  MESSAGE_PAGE,
  type Availability,
  type Contact,
  type Identify,
  type Locale,
  type Message,
  type MessagesBefore,
  type Rating,
  type SendAck,
  type TranscriptRequest,
  type VisitorConversation,
  type VisitorSendParsed,
} from '../../protocol/index.ts';
import { INITIAL_BOT_STATE } from '../bot/types.ts';
import type { ConversationRow, MessageRow } from '../store/store.ts';
import { ownAttachments } from './attachments.ts';
import { runBotTurn } from './bot-turn.ts';
import type { DeskContext } from './context.ts';
import { DeskError } from './errors.ts';
import { identifyVisitor, type IdentifyResult } from './identify.ts';
import { leftMessageMail, transcriptMail } from './mail-out.ts';
import { recordRating } from './rating.ts';
import { messageForVisitor } from './views.ts';
import { logFailure } from '../log.ts';

/** A resolved conversation older than this is history: the visitor's next message starts a new one. */
export const REOPEN_WITHIN_MS = 24 * 60 * 60 * 1000;

/** Who is talking, as the realtime layer knows them after session:hello. */
export interface VisitorSession {
  visitorId: string;
  locale: Locale;
  pageUrl: string | null;
  /** The client's address (behind trusted proxies, the one they reported): what per-address limits count. */
  address: string;
}

export interface HelloInput {
  /** The id a valid token carried, or null: then (or if unknown) a new visitor is made. */
  visitorId: string | null;
  locale: Locale;
  page: { url: string; title: string } | null;
  afterSeq: number;
  timeZone: string | null;
  userAgent: string | null;
  address: string;
}

export interface HelloResult {
  visitorId: string;
  conversation: VisitorConversation | null;
  messages: Message[];
  hasEarlier: boolean;
  availability: Availability;
}

type Ok<T> = Extract<T, { ok: true }>;

export interface VisitorDesk {
  hello(input: HelloInput): Promise<HelloResult>;
  send(session: VisitorSession, input: VisitorSendParsed): Promise<Omit<Ok<SendAck>, 'ok'>>;
  before(session: VisitorSession, input: MessagesBefore): Promise<{ messages: Message[]; hasEarlier: boolean }>;
  rate(session: VisitorSession, input: Rating): Promise<void>;
  contact(session: VisitorSession, input: Contact): Promise<void>;
  identify(session: VisitorSession, input: Identify): Promise<IdentifyResult>;
  /** The conversation by mail to the address given (the widget's "E-mail me this conversation"). */
  transcript(session: VisitorSession, input: TranscriptRequest): Promise<void>;
  typing(session: VisitorSession, typing: boolean): Promise<void>;
}

const MAX_UA_CHARS = 512;

export function createVisitorDesk(ctx: DeskContext): VisitorDesk {
  const { store, log } = ctx;

  const isHistory = (c: ConversationRow) => c.status === 'resolved' && c.resolvedAt !== null && ctx.now() - c.resolvedAt > REOPEN_WITHIN_MS;

  const current = async (visitorId: string): Promise<ConversationRow | null> => {
    const latest = await store.latestConversationForVisitor(visitorId);
    return latest && !isHistory(latest) ? latest : null;
  };

  const ackOf = (m: MessageRow) => ({ id: m.id, seq: m.seq, createdAt: m.createdAt, conversationId: m.conversationId });

  /** The conversation a new visitor message goes into: the live one, a reopened one, or a new one. */
  async function conversationFor(session: VisitorSession, latest: ConversationRow | null): Promise<{ conv: ConversationRow; change: 'created' | 'reopened' | null }> {
    const actor = { kind: 'visitor' as const, id: session.visitorId };
    if (!latest) {
      // Erased (a data request) while this socket was open: its token names nobody now. `unauthorized`
      // makes the widget say hello again, as a new visitor; nothing is written for the old one.
      if (!(await store.getVisitor(session.visitorId))) throw new DeskError('unauthorized');
      if (!(await ctx.limits.allow('conversations', session.address))) {
        log.debug({ visitorId: session.visitorId }, 'conversation refused: address over its limit');
        throw new DeskError('rate_limited');
      }
      // Another node may have created it a moment ago for the same visitor: then that one is used.
      const { conversation: conv, created } = await store.createConversation({ visitorId: session.visitorId, locale: session.locale, pageUrl: session.pageUrl, actor });
      if (created) log.info({ conversationId: conv.id, visitorId: session.visitorId }, 'conversation created');
      return { conv, change: created ? 'created' : null };
    }
    if (latest.status !== 'resolved') return { conv: latest, change: null };
    const reopened = await store.transition(latest.id, {
      from: ['resolved'],
      to: 'bot',
      actor,
      reason: 'visitor wrote again',
      patch: {
        botState: INITIAL_BOT_STATE,
        assignedAgentId: null,
        priority: null,
        handoff: null,
        queuedAt: null,
        resolvedAt: null,
        contactRequestedAt: null,
        firstReplyAt: null,
        releasedBy: null,
      },
    });
    if (reopened) log.info({ conversationId: latest.id }, 'conversation reopened');
    return { conv: reopened ?? (await store.getConversation(latest.id)) ?? latest, change: 'reopened' };
  }

  /** A page of messages ending before `beforeSeq` (the newest page without it), and whether older ones exist. */
  const page = async (conversationId: string, afterSeq: number, beforeSeq?: number) => {
    const rows = await store.listMessages(conversationId, { afterSeq, beforeSeq, limit: MESSAGE_PAGE, newest: true });
    return { messages: rows.map(messageForVisitor), hasEarlier: rows.length > 0 && rows[0]!.seq > afterSeq + 1 };
  };

  const own = async (session: VisitorSession, conversationId: string): Promise<ConversationRow> => {
    const conv = await store.getConversation(conversationId);
    // Someone else's conversation is reported as missing: a visitor learns nothing about others.
    if (!conv || conv.visitorId !== session.visitorId) throw new DeskError('not_found');
    return conv;
  };

  return {
    async hello({ visitorId, locale, page: where, afterSeq, timeZone, userAgent, address }) {
      const known = visitorId ? await store.getVisitor(visitorId) : null;
      if (!known && !(await ctx.limits.allow('visitors', address))) {
        log.debug('visitor refused: address over its limit');
        throw new DeskError('rate_limited');
      }
      const visitor = known ?? (await store.createVisitor());
      if (!known) log.info({ visitorId: visitor.id }, 'visitor created');
      await store.updateVisitor(visitor.id, {
        seenAt: ctx.now(),
        ...(where ? { pageUrl: where.url, pageTitle: where.title.slice(0, 300) || null } : {}),
        ...(timeZone ? { timeZone } : {}),
        ...(userAgent ? { userAgent: userAgent.slice(0, MAX_UA_CHARS) } : {}),
      });
      let conv = await current(visitor.id);
      if (conv && conv.locale !== locale) conv = (await store.updateConversation(conv.id, { locale })) ?? conv;
      const [history, view, availability] = await Promise.all([
        conv ? page(conv.id, afterSeq) : { messages: [], hasEarlier: false },
        conv ? ctx.visitorView(conv) : null,
        ctx.availability(),
      ]);
      // The agents on a conversation with a person see where the visitor is now.
      if (conv && where && (conv.status === 'queued' || conv.status === 'assigned' || conv.status === 'offline')) await ctx.publish.activity(conv);
      return { visitorId: visitor.id, conversation: view, ...history, availability };
    },

    send(session, input) {
      // Refused before anything is read or stored: an overloaded (or draining) node answers at once.
      if (!ctx.admission.enter()) throw new DeskError('busy');
      // In flight until the bot has answered (or, without a bot turn, until the acknowledgement).
      const turns: Array<Promise<void>> = [];
      const acked = ctx.lock.run(session.visitorId, async () => {
        // Both reads at once (on PostgreSQL, one wait instead of two): the conversation is read for nothing
        // only when the message is a resend.
        const [seen, latest] = await Promise.all([store.findMessageByClientId(session.visitorId, input.clientId), current(session.visitorId)]);
        if (seen) return ackOf(seen);

        // Checked before a conversation is made for a message that cannot be stored.
        const attachments = input.attachments.length ? await ownAttachments(store, session.visitorId, input.attachments) : [];
        const { conv, change } = await conversationFor(session, latest);
        const appended = await store.appendMessage({
          conversationId: conv.id,
          author: 'visitor',
          senderId: session.visitorId,
          authorName: null,
          text: input.text,
          clientId: input.clientId,
          fromQuickReply: input.reply !== null,
          attachments,
        });
        // Without a guard only a file another message took meanwhile makes the append store nothing.
        if (!appended) throw new DeskError(attachments.length ? 'conflict' : 'internal');
        const { message, duplicate } = appended;
        if (duplicate) return ackOf(message);

        ctx.publish.message(conv, message);
        if (change === 'created') {
          // Only the visitor's tabs hear of a conversation begun this instant: it goes to the bot, and no
          // console can be showing it yet (a new chat with the bot is in no console's list until asked for).
          ctx.notify.toVisitor(conv.visitorId, 'conversation:update', await ctx.visitorView(conv));
        } else if (change === 'reopened' || conv.status !== 'bot') {
          // Consoles are told with the row as it is now (last words, activity time); a bot chat that did
          // not change status concerns no console, so it is not read again.
          const fresh = (await store.getConversation(conv.id)) ?? conv;
          if (change === 'reopened') await ctx.publish.conversation(fresh);
          else await ctx.publish.activity(fresh);
        }

        if (conv.status === 'bot') {
          // Queued behind this task on the same lock, so the bot answers messages in order; the extra
          // tick lets the acknowledgement leave before the bot's reply.
          turns.push(
            ctx.lock
              .run(session.visitorId, async () => {
                await new Promise((r) => setImmediate(r));
                await runBotTurn(ctx, conv, message, input.reply);
              })
              .catch((err) => logFailure(log, err, { conversationId: conv.id }, 'bot turn failed')),
          );
        }
        return ackOf(message);
      });
      void acked
        .then(
          () => Promise.all(turns),
          () => undefined,
        )
        .finally(() => ctx.admission.leave());
      return acked;
    },

    async before(session, { conversationId, beforeSeq }) {
      const conv = await own(session, conversationId);
      return page(conv.id, 0, beforeSeq);
    },

    async rate(session, input) {
      // On the visitor's lock, as a rating link's is: the chat's form and a link used at once record one.
      await ctx.lock.run(session.visitorId, async () => {
        const conv = await own(session, input.conversationId);
        await recordRating(ctx, conv, input.score, input.comment, 'chat');
      });
    },

    async contact(session, input) {
      await store.updateVisitor(session.visitorId, { email: input.email, ...(input.name ? { name: input.name } : {}) });
      log.info({ visitorId: session.visitorId }, 'contact left');
      const conv = await current(session.visitorId);
      if (!conv) return;
      // Offered the form while queued: leaving a message moves it to "left a message" for agents to answer.
      const leaving = conv.status === 'queued' && conv.contactRequestedAt !== null;
      // The agents who asked for it hear of the message by mail, queued with the move itself.
      const mail = leaving ? await leftMessageMail(ctx, conv, { name: (await store.getVisitor(session.visitorId))?.name ?? null, email: input.email }) : undefined;
      const left = leaving
        ? await store.transition(conv.id, { from: ['queued'], to: 'offline', actor: { kind: 'visitor', id: session.visitorId }, reason: 'left a message', mail })
        : null;
      if (left && mail) ctx.mail?.queued();
      await ctx.publish.conversation(left ?? conv);
      if (left) await ctx.publish.queue();
    },

    async transcript(session, input) {
      const conv = await own(session, input.conversationId);
      await transcriptMail(ctx, conv, input.email);
      log.info({ conversationId: conv.id }, 'transcript mail queued');
    },

    async identify(session, input) {
      const result = await identifyVisitor(ctx, session, input);
      const conv = await current(result.visitorId);
      if (conv) await ctx.publish.activity(conv);
      return result;
    },

    async typing(session, typing) {
      const conv = await current(session.visitorId);
      if (conv && conv.status !== 'resolved') {
        ctx.notify.toConversation(conv.id, conv.status === 'assigned' ? conv.assignedAgentId : null, 'typing', { conversationId: conv.id, typing });
      }
    },
  };
}
