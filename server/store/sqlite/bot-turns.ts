import { conversationRow, type ConversationRecord } from '../records.ts';
import type { BotTurnPart } from '../parts.ts';
import type { BotState } from '../../bot/types.ts';
import type { NewMessage } from '../store.ts';
import type { SqliteContext } from './context.ts';
import { sqliteAppend } from './messages.ts';

/** A bot turn's memory and reply: one transaction, one commit per turn instead of two. */
export function sqliteBotTurns(ctx: SqliteContext): BotTurnPart {
  const { db, now } = ctx;
  const append = sqliteAppend(ctx);
  const remember = db.prepare(
    "UPDATE conversations SET bot_state = ?, bot_version = bot_version + 1, updated_at = ? WHERE id = ? AND status = 'bot' AND bot_version = ?",
  );
  const read = db.prepare('SELECT * FROM conversations WHERE id = ?');
  const save = db.transaction((id: string, botState: BotState, botVersion: number, reply: NewMessage | null) => {
    if (remember.run(JSON.stringify(botState), now(), id, botVersion).changes === 0) return null;
    // The memory was written under status 'bot' in this transaction: the reply's guard holds too.
    const message = reply ? (append(reply, { status: ['bot'] })?.message ?? null) : null;
    return { conversation: conversationRow(read.get(id) as ConversationRecord), message };
  });
  return {
    async saveBotTurn(id, { botState, botVersion, reply }) {
      return save.immediate(id, botState, botVersion, reply);
    },
  };
}
