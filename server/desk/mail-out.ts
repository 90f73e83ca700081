import type { AgentProfile } from '../../protocol/index.ts';
import type { LeftMessagePayload, RatingPayload, ReplyPayload, TranscriptPayload } from '../mail/compose.ts';
import type { Store } from '../store/store.ts';
import type { ConversationRow, NewMail } from '../store/store.ts';
import type { DeskContext } from './context.ts';
import { DeskError } from './errors.ts';

/** The desk's side of mail: it only queues rows (the worker in server/mail/ sends them). */
export interface DeskMail {
  /** Wakes the sender: mail was just queued. */
  queued(): void;
  /** An agent's lines written within this long after the first make one reply mail. */
  replyDelayMs: number;
  /** How long after an unrated resolve the rating request goes (a day). */
  followUpDelayMs: number;
  /** Rating links need PARLEY_PUBLIC_URL (a mail has no request to take a host from). */
  ratingLinks: boolean;
}

/** The settings key of the admins' switch for rating requests by mail (on unless set to 'off'). */
export const FOLLOW_UP_SETTING = 'mail.rating_follow_up';
export const followUpOn = async (store: Store) => (await store.getSetting(FOLLOW_UP_SETTING)) !== 'off';

/** Lines of a transcript mail at most (the newest are kept). */
export const TRANSCRIPT_LINES = 500;
/** Transcript mails one conversation may ask for: the address is the visitor's word, not verified. */
export const TRANSCRIPTS_PER_CONVERSATION = 3;

/**
 * The mail an agent's reply causes, queued in the same write as the message: to the visitor's address
 * when they left one and no tab of theirs is connected. While an earlier reply mail still waits to leave,
 * this line joins it (the mail lists every agent line after `afterSeq`) instead of making another.
 */
export async function replyMail(ctx: DeskContext, me: AgentProfile, conversationId: string): Promise<NewMail[] | undefined> {
  if (!ctx.mail) return undefined;
  const conv = await ctx.store.getConversation(conversationId);
  if (!conv || conv.status !== 'assigned' || conv.assignedAgentId !== me.id) return undefined;
  const visitor = await ctx.store.getVisitor(conv.visitorId);
  if (!visitor?.email) return undefined;
  if (await ctx.notify.visitorConnected(conv.visitorId)) return undefined;
  const waiting = await ctx.store.listMail({ conversationId, status: ['queued'], limit: 20 });
  if (waiting.some((m) => m.kind === 'reply')) return undefined;
  const [last] = await ctx.store.listMessages(conv.id, { newest: true, limit: 1 });
  const payload: ReplyPayload = { agentName: me.name, question: conv.lastVisitorMessage?.text ?? null, afterSeq: last?.seq ?? 0 };
  return [{ conversationId, kind: 'reply', recipient: visitor.email, locale: conv.locale, payload: { ...payload }, notBefore: ctx.now() + ctx.mail.replyDelayMs }];
}

/**
 * To every agent who opted in: a visitor left a message (and an address) while nobody could answer. Queued
 * with the move to "left a message" (the caller passes these to that transition).
 */
export async function leftMessageMail(ctx: DeskContext, conv: ConversationRow, visitor: { name: string | null; email: string }): Promise<NewMail[] | undefined> {
  if (!ctx.mail) return undefined;
  const agents = await ctx.store.listMailNotifyAgents();
  if (agents.length === 0) return undefined;
  const who = [visitor.name, `<${visitor.email}>`].filter(Boolean).join(' ');
  const payload: LeftMessagePayload = { visitor: who, question: conv.lastVisitorMessage?.text ?? null };
  return agents.map((a) => ({ conversationId: conv.id, kind: 'left-message' as const, recipient: a.email, locale: 'en' as const, payload: { ...payload } }));
}

/** The conversation so far, by mail, to an address the visitor gives (a few times per conversation at most). */
export async function transcriptMail(ctx: DeskContext, conv: ConversationRow, email: string): Promise<void> {
  if (!ctx.mail) throw new DeskError('unavailable');
  const sent = await ctx.store.listMail({ conversationId: conv.id, limit: 50 });
  if (sent.filter((m) => m.kind === 'transcript').length >= TRANSCRIPTS_PER_CONVERSATION) throw new DeskError('rate_limited');
  const [rows, visitor] = await Promise.all([
    ctx.store.listMessages(conv.id, { newest: true, limit: TRANSCRIPT_LINES }),
    ctx.store.getVisitor(conv.visitorId),
  ]);
  const payload: TranscriptPayload = {
    lines: rows.map((m) => ({ author: m.author, name: m.author === 'agent' ? m.authorName : null, text: m.text, at: m.createdAt })),
    timeZone: visitor?.timeZone ?? null,
  };
  await ctx.store.enqueueMail([{ conversationId: conv.id, kind: 'transcript', recipient: email, locale: conv.locale, payload: { ...payload } }]);
  ctx.mail.queued();
}

/**
 * Queued with the resolve (the caller passes these to that transition), due a day later: one rating
 * request to a visitor who left an address, unless they rate in the chat meanwhile (or it is reopened):
 * then, at sending time, it is cancelled, not sent.
 */
export async function ratingFollowUp(ctx: DeskContext, conv: ConversationRow, resolvedAt: number): Promise<NewMail[] | undefined> {
  if (!ctx.mail?.ratingLinks || conv.ratingScore !== null) return undefined;
  const visitor = await ctx.store.getVisitor(conv.visitorId);
  if (!visitor?.email || !(await followUpOn(ctx.store))) return undefined;
  const payload: RatingPayload = { resolvedAt };
  return [{ conversationId: conv.id, kind: 'rating', recipient: visitor.email, locale: conv.locale, payload: { ...payload }, notBefore: resolvedAt + ctx.mail.followUpDelayMs }];
}
