// The body of the bot's worker thread (bot-thread.ts starts it): the pack and its trained matcher come in
// as workerData and again on every reload; each turn comes in as a message and its decision goes back.
import { parentPort, workerData } from 'node:worker_threads';
import type { BotThreadReply, BotThreadRequest, BotThreadStart } from './bot-thread.ts';
import { botFrom } from './create-bot.ts';

const start = workerData as BotThreadStart;
let bot = botFrom(start.pack, start.trained);
const port = parentPort!;
port.on('message', (m: BotThreadRequest) => {
  if (m.kind === 'use') {
    bot = botFrom(m.pack, m.trained);
    return;
  }
  let reply: BotThreadReply;
  try {
    reply = { id: m.id, decision: bot.decide(m.turn) };
  } catch (err) {
    reply = { id: m.id, error: err instanceof Error ? err.message : String(err) };
  }
  port.postMessage(reply);
});
