import { describe, expect, it } from 'vitest';
import type { FullAnalysis } from '../../../server/bot/analyze.ts';
import { createBot } from '../../../server/bot/create-bot.ts';
import { CLARIFY_FLOOR, decide, VAGUE_SURE } from '../../../server/bot/policy.ts';
import { ANSWER_THRESHOLD, CLARIFY_MARGIN } from '../../../server/bot/thresholds.ts';
import { INITIAL_BOT_STATE, type BotState, type Decision, type Turn } from '../../../server/bot/types.ts';
import { shopPack } from '../../support/shop-pack.ts';

/** The matcher's verdict on an English message from a calm visitor who did not ask for a person. */
const calmVerdict = (v: Pick<FullAnalysis, 'text' | 'intent' | 'confidence' | 'alternatives' | 'topicWords'>): FullAnalysis => ({
  lang: 'en',
  frustrated: false,
  frustration: 0,
  priority: 'low',
  escalate: false,
  reasons: [],
  urgent: null,
  askedForPerson: false,
  mood: 'calm',
  ...v,
});

const bot = createBot(shopPack);

function turn(text: string, over: Partial<Turn> = {}): Decision {
  return bot.decide({ text, reply: null, state: INITIAL_BOT_STATE, locale: 'en', at: 0, ...over });
}

/** Runs a conversation and returns every decision; each turn starts from the previous turn's memory. */
function chat(texts: Array<string | { text: string; reply: string }>, locale: 'en' | 'zh' = 'en'): Decision[] {
  let state: BotState = INITIAL_BOT_STATE;
  return texts.map((t) => {
    const d = bot.decide({ text: typeof t === 'string' ? t : t.text, reply: typeof t === 'string' ? null : t.reply, state, locale, at: 0 });
    state = d.state;
    return d;
  });
}

describe('the bot answers what it knows, in the visitor\'s language', () => {
  it.each([
    ['where is my parcel?', 'parcel_tracking', 'EN answer for parcel_tracking.'],
    ['can I send back these shoes', 'send_back', 'EN answer for send_back.'],
    ['我的包裹在哪里', 'parcel_tracking', '中文回答 parcel_tracking。'],
    ['礼品包装要钱吗', 'gift_wrap', '中文回答 gift_wrap。'],
  ])('%s → %s', (text, intent, reply) => {
    const d = turn(text);
    expect(d).toMatchObject({ kind: 'answer', reply, analysis: { intent } });
  });

  it('answers a Chinese question in Chinese even in an English-locale chat', () => {
    expect(turn('包裹什么时候能到', { locale: 'en' })).toMatchObject({ lang: 'zh', reply: '中文回答 parcel_tracking。' });
  });

  it('offers the intent\'s follow-ups as quick replies under the answer', () => {
    expect(turn('track my parcel').quickReplies).toEqual([{ label: 'T:send_back', value: 'intent:send_back' }]);
  });

  it('answers the intent a visitor picked from the quick replies, whatever the label says', () => {
    const d = turn('T:send_back', { reply: 'intent:send_back' });
    expect(d).toMatchObject({ kind: 'answer', reply: 'EN answer for send_back.', analysis: { intent: 'send_back', confidence: 1 } });
  });
});

describe('the fallback ladder', () => {
  it('says it did not understand and offers a person, then offers a handoff on the second miss', () => {
    const [first, second] = chat(['purple elephants dance quietly', 'zebra quantum marmalade']);
    expect(first).toMatchObject({ kind: 'fallback', analysis: { intent: null } });
    expect(first.quickReplies.map((q) => q.value)).toEqual(['handoff:yes']);
    expect(second.kind).toBe('offer_handoff');
    expect(second.quickReplies.map((q) => q.value)).toEqual(['handoff:yes', 'handoff:no']);
  });

  it('resets the streak after an answer', () => {
    const [, , third] = chat(['purple elephants dance quietly', 'where is my parcel', 'zebra quantum marmalade']);
    expect(third.kind).toBe('fallback');
  });

  it('falls back in Chinese for a Chinese message it does not know', () => {
    expect(turn('量子力学怎么学习', { locale: 'zh' })).toMatchObject({ kind: 'fallback', lang: 'zh' });
  });
});

describe('handoff decisions', () => {
  it('answers a typed "ok" to a Chinese offer in Chinese', () => {
    const [offer, accepted] = chat(['我要人工', 'ok'], 'zh');
    expect(offer).toMatchObject({ kind: 'offer_handoff', lang: 'zh' });
    expect(accepted).toMatchObject({ kind: 'handoff', lang: 'zh' });
    expect(accepted.reply).toMatch(/[\u4e00-\u9fff]/);
  });

  it('asks before handing off when a calm visitor asks for a person, and hands off on yes', () => {
    const [offer, accepted] = chat(['can I talk to a person please', 'yes']);
    expect(offer.kind).toBe('offer_handoff');
    expect(accepted.kind).toBe('handoff');
    expect(accepted.handoff?.reasons).toContain('visitor accepted a person');
  });

  it('keeps helping when the visitor declines', () => {
    const [, declined] = chat(['talk to a person', { text: 'No, thanks', reply: 'handoff:no' }]);
    expect(declined.kind).toBe('decline_handoff');
    expect(declined.state.handoffOffered).toBe(false);
  });

  it('apologises first to an angry visitor and asks whether to connect a person', () => {
    const d = turn('this is useless, what a joke!!');
    expect(d.kind).toBe('offer_handoff');
    expect(d.analysis).toMatchObject({ mood: 'angry', frustrated: true });
    expect(d.reply.split('\n\n')[0]).toMatch(/sorry/i);
    expect(d.state.pendingPriority).not.toBeNull();
  });

  it('hands an angry visitor to a person on "yes" with the frustration in the package', () => {
    const [, d] = chat(['this is useless, what a joke!!', { text: 'Yes, connect me', reply: 'handoff:yes' }]);
    expect(d.kind).toBe('handoff');
    expect(d.handoff?.frustration).toBeGreaterThan(0.4);
    expect(['normal', 'high']).toContain(d.handoff?.priority);
  });

  it('gives the agent the reasons behind the accepted offer, not the words of the quick reply', () => {
    const [, , d] = chat(['where is my parcel', 'this is useless, what a joke!!', { text: 'Yes, connect me', reply: 'handoff:yes' }]);
    const reasons = d.handoff!.reasons.join(' | ');
    expect(reasons).toContain('visitor accepted a person');
    expect(reasons).toMatch(/frustration 0\.\d+: .*'useless'/);
    expect(reasons).not.toContain('connect me');
    // The topic is the question the visitor came with, not "wants a person".
    expect(d.handoff!.intent).toBe('parcel_tracking');
  });

  it.each([
    ['my charger caught fire and burned my hand', 'safety risk'],
    ['I will sue you and talk to my lawyer', 'legal threat'],
    ['you leaked my personal data to other customers', 'personal-data leak'],
    ['我要起诉你们', 'legal threat'],
  ])('hands off at once, urgent: %s', (text, reason) => {
    const d = turn(text);
    expect(d.kind).toBe('handoff');
    expect(d.handoff?.priority).toBe('urgent');
    expect(d.handoff?.reasons.join(' | ')).toContain(reason);
  });

  it('adds emergency advice when someone may be in danger', () => {
    expect(turn('my charger caught fire and burned my hand').reply).toMatch(/emergency/i);
  });

  it('hands off directly when the visitor repeats the request after the offer', () => {
    const [, second] = chat(['I want a human', 'get me a human']);
    expect(second.kind).toBe('handoff');
  });
});

describe('complaints are acknowledged before they are solved', () => {
  it('acknowledges an unhappy visitor in one sentence, then answers', () => {
    const d = turn('my parcel is late again, really disappointed');
    expect(d.analysis.mood).toBe('unhappy');
    expect(d.kind).toBe('answer');
    const [first, ...rest] = d.reply.split('\n\n');
    expect(first).toMatch(/sorry/i);
    expect(first.split(/[.!?]\s/)).toHaveLength(1);
    expect(rest).toEqual(['EN answer for parcel_tracking.']);
  });

  it('acknowledges in Chinese too', () => {
    const d = turn('包裹怎么还没到，太慢了', { locale: 'zh' });
    expect(d).toMatchObject({ kind: 'answer', analysis: { mood: 'unhappy' } });
    expect(d.reply).toMatch(/^很抱歉.*\n\n中文回答 parcel_tracking。$/s);
  });

  it('answers a calm visitor without an apology', () => {
    expect(turn('where is my parcel').reply).toBe('EN answer for parcel_tracking.');
  });
});

describe('asking for a person gets the same treatment whatever the wording', () => {
  const wordings = ['I want a human', 'talk to a person', 'can I speak to someone please', 'connect me to staff', '转人工', '我要找客服', '人工服务'];

  it.each(wordings)('a calm request is met with one offer, and the next request hands off: %s', (text) => {
    const [first, second] = chat([text, text]);
    expect(first.kind).toBe('offer_handoff');
    expect(second.kind).toBe('handoff');
  });

  it.each(['this is useless, I want a real person!!', '太差劲了，我要投诉，转人工'])('an angry visitor who asks is handed off at once: %s', (text) => {
    const d = turn(text);
    expect(d.analysis.mood).toBe('angry');
    expect(d.kind).toBe('handoff');
  });

  it('an unhappy visitor who asks hears the acknowledgement and one offer, as a calm one would', () => {
    const [first, second] = chat(['my parcel is late again, I want a human', 'get me a human']);
    expect(first.analysis.mood).toBe('unhappy');
    expect(first.kind).toBe('offer_handoff');
    expect(first.reply).toMatch(/sorry/i);
    expect(second.kind).toBe('handoff');
  });
});

describe('vague messages', () => {
  it.each(["it doesn't work", 'I have a problem', '有问题', '怎么办'])('asks to be told more, with no guess: %s', (text) => {
    const d = turn(text);
    expect(d.kind).toBe('clarify');
    expect(d.quickReplies).toEqual([]);
    expect(d.reply).toMatch(/tell me a little more|具体说说/);
  });

  // The policy alone, fed one verdict of the matcher: two topic words, the best intent well ahead but not sure.
  const intents = new Map(shopPack.intents.map((i) => [i.id, i]));
  const verdict = (text: string, confidence: number): Decision =>
    decide(
      { text, reply: null, state: INITIAL_BOT_STATE, locale: 'en', at: 0 },
      calmVerdict({ text, intent: 'parcel_tracking', confidence, alternatives: [{ intent: 'send_back', confidence: 0.03 }], topicWords: 2 }),
      intents,
    );

  it('asks "A or B?" about a message of two words, however far ahead the best guess', () => {
    const d = verdict('parcel gone', 0.8);
    expect(d.kind).toBe('clarify');
    expect(d.quickReplies.map((q) => q.value)).toEqual(['intent:parcel_tracking', 'intent:send_back']);
  });

  it('answers the same two topics said in a longer message, or when the matcher is sure', () => {
    expect(verdict('my parcel from last week seems to have gone somewhere', 0.8).kind).toBe('answer');
    expect(verdict('parcel gone', VAGUE_SURE).kind).toBe('answer');
  });
});

describe('clarification', () => {
  // The policy alone, fed the matcher's verdict directly: two intents within the margin of each other.
  const intents = new Map(shopPack.intents.map((i) => [i.id, i]));
  const analysis = (ranked: Array<[string, number]>): FullAnalysis =>
    calmVerdict({
      text: 'parcel or send back?',
      intent: ranked[0][1] >= ANSWER_THRESHOLD ? ranked[0][0] : null,
      confidence: ranked[0][1],
      alternatives: ranked.slice(ranked[0][1] >= ANSWER_THRESHOLD ? 1 : 0).map(([intent, confidence]) => ({ intent, confidence })),
      topicWords: 3,
    });
  const ask = (ranked: Array<[string, number]>) =>
    decide({ text: 'parcel or send back?', reply: null, state: INITIAL_BOT_STATE, locale: 'en', at: 0 }, analysis(ranked), intents);

  it('asks "A or B?" with both as quick replies when two intents are too close to call', () => {
    const top = ANSWER_THRESHOLD + CLARIFY_MARGIN / 4;
    const d = ask([
      ['parcel_tracking', top],
      ['send_back', top - CLARIFY_MARGIN / 2],
    ]);
    expect(d.kind).toBe('clarify');
    expect(d.reply).toContain('T:parcel_tracking');
    expect(d.reply).toContain('T:send_back');
    expect(d.quickReplies.map((q) => q.value)).toEqual(['intent:parcel_tracking', 'intent:send_back']);
  });

  it('answers when the best intent is clearly ahead', () => {
    const d = ask([
      ['parcel_tracking', 0.9],
      ['send_back', 0.05],
    ]);
    expect(d).toMatchObject({ kind: 'answer', reply: 'EN answer for parcel_tracking.' });
  });

  it('falls back when nothing is likely, however close the candidates', () => {
    expect(ask([['parcel_tracking', 0.1], ['send_back', 0.09]]).kind).toBe('fallback');
    expect(ask([['parcel_tracking', CLARIFY_FLOOR + 0.02], ['send_back', CLARIFY_FLOOR - 0.01]]).kind).toBe('fallback');
  });

  it('asks in Chinese with the Chinese titles', () => {
    const d = decide(
      { text: '包裹还是退回？', reply: null, state: INITIAL_BOT_STATE, locale: 'zh', at: 0 },
      { ...analysis([['parcel_tracking', 0.45], ['send_back', 0.4]]), lang: 'zh' },
      intents,
    );
    expect(d).toMatchObject({ kind: 'clarify', lang: 'zh' });
    expect(d.reply).toContain('标题:parcel_tracking');
    expect(d.quickReplies.map((q) => q.label)).toEqual(['标题:parcel_tracking', '标题:send_back']);
  });
});

describe('answers to the bot\'s own questions', () => {
  const offered: BotState = { ...INITIAL_BOT_STATE, handoffOffered: true, pendingPriority: 'high' };
  it.each([
    ['yes', null, 'handoff'],
    ['Yes please!', null, 'handoff'],
    ['好的', null, 'handoff'],
    ['anything', 'handoff:yes', 'handoff'],
    ['no thanks', null, 'decline_handoff'],
    ['不用了', null, 'decline_handoff'],
    ['anything', 'handoff:no', 'decline_handoff'],
  ])('after an offer, %s (quick reply %s) → %s', (text, reply, kind) => {
    const d = turn(text, { reply, state: offered });
    expect(d.kind).toBe(kind);
    expect(d.state).toMatchObject({ handoffOffered: false, pendingPriority: null });
    if (kind === 'handoff') expect(d.handoff?.priority).toBe('high');
  });

  it('does not take a typed "yes" for a handoff when nothing was offered', () => {
    expect(turn('yes').kind).not.toBe('handoff');
  });

  it('hands off from the fallback\'s "talk to a person" button', () => {
    const [fallback, clicked] = chat(['purple elephants dance quietly', { text: 'Talk to a person', reply: 'handoff:yes' }]);
    expect(fallback.quickReplies[0]).toEqual({ label: 'Talk to a person', value: 'handoff:yes' });
    expect(clicked.kind).toBe('handoff');
    expect(clicked.handoff?.priority).toBe('low');
  });

  it('offers a person when the pack\'s handoff intent matches, in Chinese too', () => {
    expect(turn('connect me to staff')).toMatchObject({ kind: 'offer_handoff', state: { handoffOffered: true } });
    const zh = turn('让客服来', { locale: 'zh' });
    expect(zh).toMatchObject({ kind: 'offer_handoff', lang: 'zh' });
    expect(zh.quickReplies.map((q) => q.label)).toEqual(['是，转人工', '不用了']);
  });
});

describe('frustration and urgency in the reply', () => {
  it('apologises, still answers what it can, then offers a person', () => {
    const d = turn('WHERE IS MY PARCEL?! this is useless!!!');
    expect(d.kind).toBe('offer_handoff');
    const [apology, answer, offer] = d.reply.split('\n\n');
    expect(apology).toMatch(/sorry/i);
    expect(answer).toBe('EN answer for parcel_tracking.');
    expect(offer).toMatch(/connect you with a person/);
    expect(d.quickReplies.map((q) => q.value)).toEqual(['handoff:yes', 'handoff:no']);
  });

  it('apologises in Chinese to an angry Chinese visitor', () => {
    const d = turn('太离谱了！！！包裹到底在哪里？？？', { locale: 'zh' });
    expect(d).toMatchObject({ kind: 'offer_handoff', lang: 'zh' });
    expect(d.reply).toMatch(/^非常抱歉/);
  });

  it('puts the urgent reasons and the conversation\'s peak frustration in the handoff package', () => {
    const [, d] = chat(['this is useless!!!', 'I am telling a journalist about this']);
    expect(d.kind).toBe('handoff');
    expect(d.handoff).toMatchObject({ priority: 'urgent' });
    expect(d.handoff?.reasons.join(' | ')).toMatch(/media exposure: '/);
    expect(d.handoff?.frustration).toBeGreaterThanOrEqual(d.state.peakFrustration);
    expect(d.reply).not.toMatch(/emergency/i);
  });
});

describe('language follows the visitor, message by message', () => {
  it('switches between English and Chinese within one chat', () => {
    const ds = chat(['where is my parcel', '礼品包装多少钱', 'what are your opening times']);
    expect(ds.map((d) => [d.lang, d.reply])).toEqual([
      ['en', 'EN answer for parcel_tracking.'],
      ['zh', '中文回答 gift_wrap。'],
      ['en', 'EN answer for opening_times.'],
    ]);
  });
});

describe('memory between turns', () => {
  it('notices the same question asked again and counts it as frustration', () => {
    const [first, again] = chat(['purple elephants dance quietly', 'purple elephants dance quietly']);
    expect(again.analysis.frustration).toBeGreaterThan(first.analysis.frustration);
    expect(again.analysis.reasons.join(' ')).toContain('same question repeated');
  });

  it('keeps the highest frustration seen and at most five recent messages', () => {
    const ds = chat(['this is useless!!!', 'hi', 'opening times', 'gift wrap', 'voucher balance', 'track my parcel']);
    const last = ds.at(-1)!.state;
    expect(last.peakFrustration).toBeGreaterThan(0.4);
    expect(last.recent).toHaveLength(5);
  });

  it('counts the waiting from the first message the bot has not answered, and forgets it once answered', () => {
    const minutes = (n: number) => n * 60_000;
    const unanswered = turn('purple elephants dance quietly', { at: minutes(100) });
    const again = turn('hello??', { state: unanswered.state, at: minutes(104) });
    expect(again.analysis.reasons.join(' ')).toContain('waiting 4 min');
    // Answered at last: the next question starts a wait of its own.
    const answered = turn('where is my parcel?', { state: again.state, at: minutes(105) });
    expect(answered.kind).toBe('answer');
    const next = turn('purple elephants dance quietly', { state: answered.state, at: minutes(120) });
    expect(next.analysis.reasons.join(' ')).not.toContain('waiting');
  });
});
