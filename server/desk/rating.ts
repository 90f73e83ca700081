import type { Locale } from '../../protocol/index.ts';
import type { ConversationRow } from '../store/store.ts';
import type { DeskContext } from './context.ts';
import { DeskError } from './errors.ts';

/**
 * The one way a rating is recorded, from the chat's form or a follow-up mail's link: on a resolved
 * conversation, then every console hears of it.
 */
export async function recordRating(ctx: DeskContext, conv: ConversationRow, score: number, comment: string | null, via: 'chat' | 'mail'): Promise<void> {
  if (conv.status !== 'resolved') throw new DeskError('conflict');
  await ctx.store.saveRating(conv.id, score, comment || null);
  ctx.log.info({ conversationId: conv.id, score, via }, 'rated');
  await ctx.publish.conversation((await ctx.store.getConversation(conv.id)) ?? conv);
}

/** What a rating link's page needs: the conversation's language, and whether it can still be rated. */
export type RatingState = { locale: Locale; state: 'open' | 'rated' | 'closed' } | null;

export interface MailRatings {
  view(conversationId: string): Promise<RatingState>;
  /** 'rated': a rating exists already (from the chat, or this link once used): nothing is changed. */
  rate(conversationId: string, score: number, comment: string | null): Promise<'saved' | 'rated' | 'closed' | 'gone'>;
}

/** Ratings from a follow-up mail's links: once per conversation, and only if none was given in the chat. */
export function createMailRatings(ctx: DeskContext): MailRatings {
  const stateOf = (conv: ConversationRow) => (conv.ratingScore !== null ? 'rated' : conv.status === 'resolved' ? 'open' : 'closed');
  return {
    async view(conversationId) {
      const conv = await ctx.store.getConversation(conversationId);
      return conv ? { locale: conv.locale, state: stateOf(conv) } : null;
    },
    async rate(conversationId, score, comment) {
      // The conversation's lock (its visitor's): a double click, or the chat's form at the same moment, cannot both record.
      const conv = await ctx.store.getConversation(conversationId);
      if (!conv) return 'gone';
      return ctx.lock.run(conv.visitorId, async () => {
        const now = await ctx.store.getConversation(conversationId);
        if (!now) return 'gone';
        const state = stateOf(now);
        if (state !== 'open') return state;
        await recordRating(ctx, now, score, comment, 'mail');
        return 'saved';
      });
    },
  };
}
