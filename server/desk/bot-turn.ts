import type { BotMeta } from '../../protocol/index.ts';
import type { Decision } from '../bot/types.ts';
import type { ConversationRow, MessageRow } from '../store/store.ts';
import type { DeskContext } from './context.ts';
import { buildHandoff, pickSummary } from './handoff.ts';
import { routeHandoff } from './routing.ts';
import { reply } from '../bot/replies.ts';

/** How far back the desk looks for the handoff summary. */
const RECENT_MESSAGES = 30;

function botMeta(d: Decision): BotMeta {
  const a = d.analysis;
  return {
    kind: d.kind,
    lang: d.lang,
    intent: a.intent,
    confidence: a.confidence,
    alternatives: a.alternatives,
    mood: a.mood,
    frustrated: a.frustrated,
    frustration: a.frustration,
    priority: a.priority,
    reasons: a.reasons,
  };
}

/** How old the count of agents online may be when the bot words a handoff. */
const STAFFING_MAX_AGE_MS = 1000;

/** A turn whose memory write lost to another turn decides again from the memory now stored, this often at most. */
const TURN_TRIES = 5;

/**
 * The bot's turn on one visitor message: decide, store the new memory and the reply with its reasoning,
 * and on a handoff route the conversation to a person (or the queue). Every write is conditional on the
 * conversation still being the bot's, so an agent who took over a moment ago — on any node — is never
 * talked over. The memory is written only if no other turn wrote it since this one read it (its version,
 * checked by the store): two turns on two nodes at once do not overwrite each other — the later one
 * decides again from the earlier one's memory. Callers hold the visitor's lock, which only keeps replies
 * in order within this process; correctness does not depend on it.
 */
export async function runBotTurn(ctx: DeskContext, read: ConversationRow, visitorMessage: MessageRow, quickReply: string | null): Promise<void> {
  const { store, log } = ctx;
  const conversationId = read.id;
  for (let attempt = 1; attempt <= TURN_TRIES; attempt++) {
    // The first try decides from the row the send path read just before storing the message (its memory
    // and version are what the last turn left, unless a turn elsewhere wrote since: then the conditional
    // write below fails and the next try reads the row again).
    const conv = attempt === 1 ? read : await store.getConversation(conversationId);
    if (!conv || conv.status !== 'bot') return;

    if (!visitorMessage.text && visitorMessage.attachments.length) {
      // A picture or a file with no words: nothing to match. The bot says it has it and keeps its memory as
      // it was (a question it asked stays asked; a flow it was in goes on with the next words), but the
      // visitor now waits for an answer.
      const saved = await store.saveBotTurn(conv.id, {
        botState: { ...conv.botState, unansweredSince: conv.botState.unansweredSince ?? visitorMessage.createdAt },
        botVersion: conv.botVersion,
        reply: { conversationId: conv.id, author: 'bot', senderId: null, authorName: null, text: reply(conv.locale, 'attachmentReceived'), clientId: null },
      });
      if (!saved) continue;
      if (saved.message) ctx.publish.message(conv, saved.message);
      await ctx.publish.activity(saved.conversation);
      return;
    }
    // Only the wording of a handoff depends on it, so a second-old figure will do (no query per message).
    const staffing = await ctx.staffing({ maxAgeMs: STAFFING_MAX_AGE_MS });
    const started = ctx.now();
    const decision = await ctx.decide({
      text: visitorMessage.text,
      reply: quickReply,
      state: conv.botState,
      locale: conv.locale,
      at: visitorMessage.createdAt,
      staffed: staffing.open && staffing.agents > 0,
      mail: ctx.mail !== null,
    });
    // One line per visitor message: at info it was a JSON write per message on stdout (LOG_LEVEL=debug shows it).
    log.debug(
      { conversationId: conv.id, kind: decision.kind, intent: decision.analysis.intent, confidence: decision.analysis.confidence, priority: decision.analysis.priority, ms: ctx.now() - started },
      'bot decided',
    );

    const answer = decision.reply.trim()
      ? {
          conversationId: conv.id,
          author: 'bot' as const,
          senderId: null,
          authorName: null,
          text: decision.reply,
          clientId: null,
          quickReplies: decision.quickReplies,
          bot: botMeta(decision),
        }
      : null;
    // The memory and the reply in one write, both only while the conversation is still the bot's and its
    // memory unchanged: an agent who took over meanwhile is not talked over.
    const saved = await store.saveBotTurn(conv.id, { botState: decision.state, botVersion: conv.botVersion, reply: answer });
    if (!saved) {
      log.debug({ conversationId: conv.id, attempt }, 'bot memory changed meanwhile; deciding again');
      continue;
    }
    const current = saved.conversation;
    if (saved.message) ctx.publish.message(conv, saved.message);

    if (decision.kind !== 'handoff') {
      await ctx.publish.activity(current);
      return;
    }
    const recent = await store.listMessages(conv.id, { limit: RECENT_MESSAGES, newest: true });
    const lines = recent.filter((m) => m.author === 'visitor' && m.text).map((m) => m.text);
    if (!lines.includes(visitorMessage.text)) lines.push(visitorMessage.text);
    const bot = ctx.bot();
    const handoff = buildHandoff(decision, pickSummary(lines, (t) => bot.analyze(t, { locale: conv.locale }).frustration), ctx.now());
    await routeHandoff(ctx, current, handoff);
    return;
  }
  log.warn({ conversationId, tries: TURN_TRIES }, 'bot turn gave up: its memory kept changing under it');
}
