import { conversationRow, type ConversationRecord } from '../records.ts';
import type { BotTurnPart } from '../parts.ts';
import type { SqliteContext } from './context.ts';
import { sqliteAppend } from './messages.ts';

/**
 * A bot turn's memory and reply: the append's transaction (two statements), the memory written by the
 * update that also carries the reply's last words, both only while the conversation is the bot's and its
 * memory still at the version the turn read. A turn without a reply is that one update alone.
 */
export function sqliteBotTurns(ctx: SqliteContext): BotTurnPart {
  const { db, now } = ctx;
  const append = sqliteAppend(ctx);
  const remember = db.prepare(
    "UPDATE conversations SET bot_state = ?, bot_version = bot_version + 1, updated_at = ? WHERE id = ? AND status = 'bot' AND bot_version = ? RETURNING *",
  );
  return {
    async saveBotTurn(id, { botState, botVersion, reply }) {
      if (!reply) {
        const remembered = remember.get(JSON.stringify(botState), now(), id, botVersion) as ConversationRecord | undefined;
        return remembered ? { conversation: conversationRow(remembered, botState), message: null } : null;
      }
      const saved = append.immediate({ ...reply, conversationId: id }, { guard: { status: ['bot'] }, memory: { botState, botVersion } });
      return saved?.conversation ? { conversation: saved.conversation, message: saved.message } : null;
    },
  };
}
