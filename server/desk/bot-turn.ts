import type { BotMeta } from '../../protocol/index.ts';
import type { Decision } from '../bot/types.ts';
import type { ConversationRow, MessageRow } from '../store/store.ts';
import type { DeskContext } from './context.ts';
import { buildHandoff, pickSummary } from './handoff.ts';
import { deskTexts } from './texts.ts';

/** How far back the desk looks for the handoff summary and the waiting time. */
const RECENT_MESSAGES = 30;

function botMeta(d: Decision): BotMeta {
  const a = d.analysis;
  return {
    kind: d.kind,
    lang: d.lang,
    intent: a.intent,
    confidence: a.confidence,
    alternatives: a.alternatives,
    frustrated: a.frustrated,
    frustration: a.frustration,
    priority: a.priority,
    reasons: a.reasons,
  };
}

/** Seconds since the visitor's first message that no bot answer has followed yet. */
function waitingSeconds(recent: MessageRow[], now: number): number {
  let since: number | null = null;
  for (const m of recent) {
    if (m.author === 'visitor') since ??= m.createdAt;
    else if (m.author === 'agent' || (m.author === 'bot' && m.bot?.kind === 'answer')) since = null;
  }
  return since === null ? 0 : Math.max(0, Math.round((now - since) / 1000));
}

/**
 * The bot's turn on one visitor message: decide, store the reply with its reasoning and the new memory,
 * and on a handoff move the conversation to the queue (or offline when no agent is online).
 * Runs only while the conversation is the bot's; callers hold the visitor's lock.
 */
export async function runBotTurn(ctx: DeskContext, conversationId: string, visitorMessage: MessageRow, reply: string | null): Promise<void> {
  const { store, log } = ctx;
  const conv = await store.getConversation(conversationId);
  // An agent may have taken over between the visitor's message and this turn: then the bot stays silent.
  if (!conv || conv.status !== 'bot') return;

  const last = await store.lastMessage(conv.id);
  const recent = await store.listMessages(conv.id, { afterSeq: Math.max(0, (last?.seq ?? 0) - RECENT_MESSAGES), limit: RECENT_MESSAGES });
  const bot = ctx.bot();
  const started = ctx.now();
  const decision = bot.decide({
    text: visitorMessage.text,
    reply,
    state: conv.botState,
    locale: conv.locale,
    waitingSeconds: waitingSeconds(recent, started),
  });
  log.info(
    { conversationId: conv.id, kind: decision.kind, intent: decision.analysis.intent, confidence: decision.analysis.confidence, priority: decision.analysis.priority, ms: ctx.now() - started },
    'bot decided',
  );

  let current: ConversationRow = (await store.updateConversation(conv.id, { botState: decision.state })) ?? conv;
  if (decision.reply.trim()) {
    const { message } = await store.appendMessage({
      conversationId: conv.id,
      author: 'bot',
      senderId: null,
      authorName: null,
      text: decision.reply,
      clientId: null,
      quickReplies: decision.quickReplies,
      bot: botMeta(decision),
    });
    ctx.publishMessage(current, message);
  }

  if (decision.kind !== 'handoff') {
    await ctx.publishSummary(current);
    return;
  }

  const lines = recent.filter((m) => m.author === 'visitor').map((m) => m.text);
  if (!lines.includes(visitorMessage.text)) lines.push(visitorMessage.text);
  const at = ctx.now();
  const handoff = buildHandoff(decision, pickSummary(lines, (t) => bot.analyze(t, { locale: conv.locale }).frustration), at);
  const online = (await store.countOnlineAgents()) > 0;
  const moved = await store.transition(conv.id, {
    from: ['bot'],
    to: online ? 'queued' : 'offline',
    actor: { kind: 'bot', id: null },
    reason: handoff.reasons.join('; '),
    patch: { priority: handoff.priority, handoff, queuedAt: at },
  });
  if (!moved) return; // an agent claimed it meanwhile
  current = moved;
  log.info({ conversationId: conv.id, to: moved.status, priority: handoff.priority }, 'handed off');

  if (!online) {
    const { message } = await store.appendMessage({
      conversationId: conv.id,
      author: 'system',
      senderId: null,
      authorName: null,
      text: deskTexts.nobodyOnline(decision.lang),
      clientId: null,
    });
    ctx.publishMessage(current, message);
  }
  await ctx.publishConversation(current);
  if (online) await ctx.publishQueuePositions(current.id);
}
