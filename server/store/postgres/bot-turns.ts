import { conversationRow, type ConversationRecord } from '../records.ts';
import type { BotTurnPart } from '../parts.ts';
import type { PgContext } from './context.ts';
import { appendOnce, insertMessage } from './messages.ts';

/**
 * A bot turn's memory and reply in one statement (the append's, see APPEND in messages.ts): the memory is
 * written with the conversation row's update that numbers the reply, both only while the conversation is
 * the bot's and its memory still at the version the turn read.
 */
export function pgBotTurns(ctx: PgContext): BotTurnPart {
  const { query, now } = ctx;
  return {
    async saveBotTurn(id, { botState, botVersion, reply }) {
      const at = now();
      if (!reply) {
        const [remembered] = await query<ConversationRecord>(
          "UPDATE conversations SET bot_state = $1, bot_version = bot_version + 1, updated_at = $2 WHERE id = $3 AND status = 'bot' AND bot_version = $4 RETURNING *",
          [JSON.stringify(botState), at, id, botVersion],
        );
        return remembered ? { conversation: conversationRow(remembered, botState), message: null } : null;
      }
      const saved = await appendOnce(ctx, id, !reply.attachments?.length, (q) =>
        insertMessage(q, { ...reply, conversationId: id }, at, { guard: { status: ['bot'] }, memory: { botState, botVersion } }),
      );
      return saved?.conversation ? { conversation: saved.conversation, message: saved.message } : null;
    },
  };
}
