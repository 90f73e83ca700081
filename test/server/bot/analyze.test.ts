import { describe, expect, it } from 'vitest';
import { createAnalyzer, publicAnalysis } from '../../../server/bot/analyze.ts';
import { createBot } from '../../../server/bot/create-bot.ts';
import { trainMatcher } from '../../../server/bot/matcher.ts';
import { ANSWER_THRESHOLD } from '../../../server/bot/thresholds.ts';
import { INITIAL_BOT_STATE } from '../../../server/bot/types.ts';
import { shopPack } from '../../support/shop-pack.ts';

const bot = createBot(shopPack);
const KEYS = ['text', 'lang', 'intent', 'confidence', 'alternatives', 'mood', 'frustrated', 'frustration', 'priority', 'escalate', 'reasons'];

describe('what the bot understands of one message', () => {
  it.each([
    ['where is my parcel?', 'en', 'parcel_tracking'],
    ['is gift wrap free', 'en', 'gift_wrap'],
    ['礼券还剩多少钱', 'zh', 'voucher_balance'],
    ['今天几点开门', 'zh', 'opening_times'],
    ['我的 parcel 在哪里', 'zh', 'parcel_tracking'],
  ])('%s → %s, %s', (text, lang, intent) => {
    const a = bot.analyze(text);
    expect(a).toMatchObject({ text, lang, intent, priority: 'low', escalate: false, frustrated: false });
    expect(a.confidence).toBeGreaterThanOrEqual(ANSWER_THRESHOLD);
    expect(a.reasons[0]).toMatch(new RegExp(`^matched ${intent} \\([01]\\.\\d\\d\\)$`));
  });

  it('has exactly the fields of the `parley analyze` line', () => {
    expect(Object.keys(bot.analyze('where is my parcel'))).toEqual(KEYS);
  });

  it('lists at most three alternatives, best first, never the chosen intent', () => {
    const a = bot.analyze('track my parcel');
    expect(a.alternatives).toHaveLength(3);
    expect(a.alternatives.map((s) => s.intent)).not.toContain(a.intent);
    const confidences = a.alternatives.map((s) => s.confidence);
    expect(confidences).toEqual([...confidences].sort((x, y) => y - x));
    expect(confidences[0]).toBeLessThanOrEqual(a.confidence);
  });

  it.each(['purple elephants dance quietly', '量子力学怎么学习'])('says null for an out-of-scope message (%s) and names the best guess', (text) => {
    const a = bot.analyze(text);
    expect(a.intent).toBeNull();
    expect(a.confidence).toBeLessThan(ANSWER_THRESHOLD);
    expect(a.alternatives.length).toBe(3);
    expect(a.alternatives[0].confidence).toBe(a.confidence);
    expect(a.reasons[0]).toMatch(/^no confident intent \(best \w+ 0\.\d\d\)$/);
  });

  it('uses the chat locale only when the text does not tell', () => {
    expect(bot.analyze('12345', { locale: 'zh' }).lang).toBe('zh');
    expect(bot.analyze('12345', { locale: 'en' }).lang).toBe('en');
    expect(bot.analyze('包裹什么时候到', { locale: 'en' }).lang).toBe('zh');
  });
});

describe('escalation, priority and reasons an agent can read', () => {
  it.each([
    ['the heater caught fire', 'urgent', true, /^safety risk: '/],
    ['my lawyer will hear about this', 'urgent', true, /^legal threat: 'my lawyer'$/],
    ['我要起诉你们', 'urgent', true, /^legal threat: '/],
    ['I want a real person', 'low', true, /^asked for a person: 'real person'$/],
    ['转人工', 'low', true, /^asked for a person: '转人工'$/],
    ['the blender is broken and won\'t turn on', 'high', false, /^product failure: '/],
  ])('%s → %s, escalate %s', (text, priority, escalate, reason) => {
    const a = bot.analyze(text);
    expect(a).toMatchObject({ priority, escalate });
    expect(a.reasons.some((r) => reason.test(r))).toBe(true);
  });

  it('counts matching the pack\'s "person" intent as asking for a person', () => {
    const a = bot.analyze('let me speak to someone');
    expect(a.escalate).toBe(true);
    expect(a.reasons.join(' | ')).toMatch(/asked for a person/);
  });

  it('explains frustration with its cues', () => {
    const a = bot.analyze('THIS IS USELESS, WHERE IS MY PARCEL!!!');
    expect(a.frustrated).toBe(true);
    expect(a.frustration).toBeGreaterThan(0.45);
    expect(a.reasons.join(' | ')).toMatch(/frustration 0\.\d\d: .*all caps/);
  });

  it('hears the same question asked again from the conversation memory', () => {
    const state = { ...INITIAL_BOT_STATE, recent: ['where is my parcel'] };
    const again = bot.analyze('Where is my parcel?', { state });
    expect(again.frustration).toBeGreaterThan(bot.analyze('Where is my parcel?').frustration);
  });
});

describe('a bare analyzer trained from labelled examples (the CSV path of `parley analyze`)', () => {
  const analyze = createAnalyzer(
    trainMatcher([
      ...['book a table', 'reserve a table for two', 'table for four tonight', 'can I book a table'].map((text) => ({ text, label: 'booking' })),
      ...['what is on the menu', 'show me the menu', 'lunch menu please', 'do you have a vegan menu'].map((text) => ({ text, label: 'menu' })),
      ...['订个位子', '预订两人桌', '今晚订座', '我想订桌'].map((text) => ({ text, label: 'booking' })),
    ]),
  );

  it('classifies in both languages with the same analysis shape', () => {
    expect(publicAnalysis(analyze('reserve a table for six'))).toMatchObject({ intent: 'booking', lang: 'en' });
    expect(publicAnalysis(analyze('明晚订座'))).toMatchObject({ intent: 'booking', lang: 'zh' });
    expect(Object.keys(publicAnalysis(analyze('vegan menu')))).toEqual(KEYS);
  });

  it('has at most as many alternatives as other labels', () => {
    expect(analyze('show me the menu').alternatives).toHaveLength(1);
  });
});
