import type { Store } from '../store/store.ts';
import type { MailRow } from '../store/store.ts';
import type { MailLinks } from './links.ts';
import type { MailContent, TranscriptLine } from './templates.ts';

/** The payload each kind of outbox row carries, as queued by the desk. */
export interface ReplyPayload {
  agentName: string | null;
  question: string | null;
  /** The agent's messages after this seq are the reply (a few lines typed in a row make one mail). */
  afterSeq: number;
}
export interface TranscriptPayload {
  lines: TranscriptLine[];
  timeZone: string | null;
}
export interface LeftMessagePayload {
  visitor: string;
  question: string | null;
}
export interface RatingPayload {
  /** The resolve this request is about: a reopen (and a new resolve) makes it stale. */
  resolvedAt: number;
}

/** A row that cannot become a mail any more (its conversation is gone): given up at once, not retried. */
export class MailGoneError extends Error {
  override name = 'MailGoneError';
}

/** A row no longer needed (the chat was rated, or reopened, meanwhile): cancelled, not sent, not a failure. */
export class MailNotNeeded extends Error {
  override name = 'MailNotNeeded';
}

/**
 * Turns an outbox row into what the mail says, when it is sent: a reply includes every agent line written
 * by then, and links are signed at sending time (their week starts when the mail leaves).
 */
export function createMailComposer(store: Store, links: MailLinks, now: () => number) {
  return async (row: MailRow): Promise<MailContent> => {
    const conv = row.conversationId ? await store.getConversation(row.conversationId) : null;
    if (row.conversationId && !conv) throw new MailGoneError('the conversation no longer exists');
    const resume = async () => {
      if (!conv) return null;
      const visitor = await store.getVisitor(conv.visitorId);
      return links.resume(conv.visitorId, conv.pageUrl ?? visitor?.pageUrl ?? null, now());
    };
    switch (row.kind) {
      case 'reply': {
        const p = row.payload as unknown as ReplyPayload;
        const replies = (await store.listMessages(conv!.id, { afterSeq: p.afterSeq, limit: 50 })).filter((m) => m.author === 'agent').map((m) => m.text);
        return { kind: 'reply', agentName: p.agentName, question: p.question, replies, resumeUrl: await resume() };
      }
      case 'transcript': {
        const p = row.payload as unknown as TranscriptPayload;
        return { kind: 'transcript', lines: p.lines, timeZone: p.timeZone, resumeUrl: await resume() };
      }
      case 'left-message': {
        const p = row.payload as unknown as LeftMessagePayload;
        return { kind: 'left-message', visitor: p.visitor, question: p.question, consoleUrl: links.console() };
      }
      case 'rating': {
        const p = row.payload as unknown as RatingPayload;
        if (conv!.ratingScore !== null) throw new MailNotNeeded('rated in the chat');
        if (conv!.status !== 'resolved' || conv!.resolvedAt !== p.resolvedAt) throw new MailNotNeeded('the conversation went on');
        const urls = links.rating(conv!.id, now());
        if (!urls) throw new MailNotNeeded('no PARLEY_PUBLIC_URL for the links');
        return { kind: 'rating', urls };
      }
    }
  };
}

export type MailComposer = ReturnType<typeof createMailComposer>;
