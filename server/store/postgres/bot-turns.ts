import { conversationRow, type ConversationRecord } from '../records.ts';
import type { BotTurnPart } from '../parts.ts';
import type { PgContext } from './context.ts';
import { insertMessage } from './messages.ts';

/**
 * A bot turn's memory and reply in one transaction. The conditional UPDATE locks the conversation's row, so
 * the reply is numbered and guarded under the same lock an append takes (FOR UPDATE).
 */
export function pgBotTurns({ tx, now }: PgContext): BotTurnPart {
  return {
    async saveBotTurn(id, { botState, botVersion, reply }) {
      return tx(async (q) => {
        const at = now();
        const [remembered] = await q<ConversationRecord>(
          "UPDATE conversations SET bot_state = $1, bot_version = bot_version + 1, updated_at = $2 WHERE id = $3 AND status = 'bot' AND bot_version = $4 RETURNING *",
          [JSON.stringify(botState), at, id, botVersion],
        );
        if (!remembered) return null;
        if (!reply) return { conversation: conversationRow(remembered), message: null };
        const message = await insertMessage(q, reply, at);
        const [stored] = await q<ConversationRecord>('SELECT * FROM conversations WHERE id = $1', [id]);
        return { conversation: conversationRow(stored!), message };
      });
    },
  };
}
