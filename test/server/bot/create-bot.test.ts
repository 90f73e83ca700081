import { describe, expect, it } from 'vitest';
import { createBot } from '../../../server/bot/create-bot.ts';
import { INITIAL_BOT_STATE, type BotState, type Turn } from '../../../server/bot/types.ts';
import { shopPack } from '../../support/shop-pack.ts';

const turn = (text: string, state: BotState = INITIAL_BOT_STATE): Turn => ({ text, reply: null, state, locale: 'en', at: 0 });

describe('createBot', () => {
  const bot = createBot(shopPack);

  it('lists the pack\'s intents with their titles in both languages', () => {
    expect(bot.intents.map((i) => i.id)).toEqual(shopPack.intents.map((i) => i.id));
    expect(bot.intents[0].title).toEqual({ en: 'T:parcel_tracking', zh: '标题:parcel_tracking' });
  });

  it('decides the same way every time for the same turn, and for a bot trained again on the same pack', () => {
    const again = createBot(shopPack);
    for (const text of ['where is my parcel', 'purple elephants', 'this is useless!!!', '我要起诉你们']) {
      expect(bot.decide(turn(text))).toEqual(bot.decide(turn(text)));
      expect(again.decide(turn(text))).toEqual(bot.decide(turn(text)));
    }
  });

  it('never changes the state it was given; the new memory is in the decision', () => {
    const state: BotState = { ...INITIAL_BOT_STATE, recent: ['hello'], fallbackStreak: 1 };
    const frozen = structuredClone(state);
    const d = bot.decide(turn('zebra quantum marmalade', state));
    expect(state).toEqual(frozen);
    expect(d.state).not.toBe(state);
    expect(d.state.recent).toEqual(['hello', 'zebra quantum marmalade']);
  });

  it('keeps its state plain JSON, so the store can save it as is', () => {
    const d = bot.decide(turn('this is useless!!!'));
    expect(JSON.parse(JSON.stringify(d.state))).toEqual(d.state);
  });
});
