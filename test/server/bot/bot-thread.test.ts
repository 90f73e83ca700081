import { afterEach, describe, expect, it } from 'vitest';
import { startBotThread, type BotThread } from '../../../server/bot/bot-thread.ts';
import { botFrom, trainPack } from '../../../server/bot/create-bot.ts';
import type { TrainedMatcher } from '../../../server/bot/matcher.ts';
import { INITIAL_BOT_STATE, type BotState, type Turn } from '../../../server/bot/types.ts';
import { createLogger } from '../../../server/log.ts';
import { shopPack } from '../../support/shop-pack.ts';

/** Log lines, parsed, to see what the thread reported. */
function logLines() {
  const lines: Array<{ msg: string; level: number }> = [];
  return { lines, log: createLogger('info', { write: (s: string) => void lines.push(JSON.parse(s)) }) };
}

const trained = trainPack(shopPack);
const onLoop = botFrom(shopPack, trained);
const threads: BotThread[] = [];
afterEach(async () => {
  for (const t of threads.splice(0)) await t.close();
});

const turnOf = (text: string, state: BotState, at: number, locale: 'en' | 'zh' = 'en'): Turn => ({ text, reply: null, state, locale, at, staffed: true, mail: false });

describe('the bot on its worker thread', () => {
  it('decides every turn of a conversation exactly as the bot on the event loop does', async () => {
    const { log } = logLines();
    const thread = startBotThread({ pack: shopPack, trained }, { fallback: () => onLoop, log });
    threads.push(thread);
    const texts = ['where is my parcel?', 'purple elephants dance', 'purple elephants dance', 'this is useless!!!', 'yes', '我的包裹在哪里'];
    let state = INITIAL_BOT_STATE;
    for (const [i, text] of texts.entries()) {
      const turn = turnOf(text, state, 60_000 * i, /[\u4e00-\u9fff]/.test(text) ? 'zh' : 'en');
      const decided = await thread.decide(turn);
      expect(decided).toEqual(onLoop.decide(turn));
      state = decided.state;
    }
  });

  it('answers many turns at once, each with its own decision', async () => {
    const { log } = logLines();
    const thread = startBotThread({ pack: shopPack, trained }, { fallback: () => onLoop, log });
    threads.push(thread);
    const texts = Array.from({ length: 40 }, (_, i) => (i % 2 ? 'where is my parcel?' : 'can I send back these shoes'));
    const decisions = await Promise.all(texts.map((t) => thread.decide(turnOf(t, INITIAL_BOT_STATE, 0))));
    expect(decisions.map((d) => d.analysis.intent)).toEqual(texts.map((t) => (t.startsWith('where') ? 'parcel_tracking' : 'send_back')));
  });

  it('answers from a reloaded pack from the next turn on', async () => {
    const { log } = logLines();
    const thread = startBotThread({ pack: shopPack, trained }, { fallback: () => onLoop, log });
    threads.push(thread);
    const renamed = { ...shopPack, intents: shopPack.intents.map((i) => (i.id === 'parcel_tracking' ? { ...i, answer: { en: 'Tracking moved to the new page.', zh: '物流查询已搬到新页面。' } } : i)) };
    thread.use(renamed, trainPack(renamed));
    expect((await thread.decide(turnOf('where is my parcel?', INITIAL_BOT_STATE, 0))).reply).toContain('Tracking moved to the new page.');
  });

  it('hands its turns to the event loop, and says so once, when the thread cannot run', async () => {
    const { log, lines } = logLines();
    // A matcher the thread cannot build from: the thread fails as it starts.
    const thread = startBotThread({ pack: shopPack, trained: {} as TrainedMatcher }, { fallback: () => onLoop, log });
    threads.push(thread);
    const turns = ['where is my parcel?', 'can I send back these shoes', 'gift wrap please'].map((t) => turnOf(t, INITIAL_BOT_STATE, 0));
    const decisions = await Promise.all(turns.map((t) => thread.decide(t)));
    expect(decisions).toEqual(turns.map((t) => onLoop.decide(t)));
    expect(await thread.decide(turns[0]!)).toEqual(onLoop.decide(turns[0]!));
    expect(lines.filter((l) => l.msg.startsWith('bot thread lost'))).toHaveLength(1);
  });
});
