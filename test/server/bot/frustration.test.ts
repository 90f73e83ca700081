import { describe, expect, it } from 'vitest';
import {
  detectFrustration,
  FRUSTRATED_THRESHOLD,
  isRepeat,
  questionKey,
  STRONG_FRUSTRATION,
  type SignalKind,
} from '../../../server/bot/frustration.ts';

const kinds = (text: string, ctx = {}) => detectFrustration(text, ctx).signals.map((s) => s.kind);

describe('the bot hears anger in English messages', () => {
  it.each<[string, string, boolean, SignalKind | null]>([
    ['negation', 'the kettle is not very good', true, 'sentiment'],
    ['negated negative', 'honestly the kettle is not bad', false, null],
    ['negated positive', 'I am not pleased with this kettle', true, 'sentiment'],
    ['intensifier', 'the packaging was really bad', true, 'sentiment'],
    ['all caps', 'WHY HAS NOBODY CALLED ME BACK', true, 'caps'],
    ['acronyms are not shouting', 'Is the DHL parcel at the UPS depot?', false, null],
    ['three bangs', 'Where is the replacement kettle!!!', true, 'exclamation'],
    ['one bang is just friendly', 'Received the kettle, cheers!', false, null],
    ['sarcasm', 'Fantastic, the courier lost it again', true, 'sarcasm'],
    ['praise opener without a complaint', 'Fantastic, it arrived this morning', false, null],
    ['insult', 'those couriers are liars', true, 'sentiment'],
    ['threat', 'my solicitor will be writing to you', true, 'threat'],
    ['demand ending on now', 'cancel it and send my money back now', true, 'complaint'],
    ['"now" in a question', 'is the blue kettle in stock now?', false, null],
    ['plain question', 'can I return the kettle without the box?', false, null],
    ['calm request for a person', 'could someone from the warranty team ring me?', false, null],
  ])('%s: %s', (_, text, frustrated, kind) => {
    const f = detectFrustration(text);
    expect(f.frustrated).toBe(frustrated);
    if (kind) expect(f.signals.map((s) => s.kind)).toContain(kind);
    else expect(f.summary).toBe('');
  });
});

describe('the bot hears anger in Chinese messages', () => {
  it.each<[string, string, boolean, SignalKind | null]>([
    ['negation of praise', '这个杯子不太好', true, 'sentiment'],
    ['negated negative', '质量一点也不差', false, null],
    ['not angry', '我不生气，就问问', false, null],
    ['intensifier', '我真的很生气', true, 'sentiment'],
    ['full-width bangs', '我的退款呢！！！', true, 'exclamation'],
    ['sarcasm', '真棒，又发错了', true, 'sarcasm'],
    ['praise opener without a complaint', '真棒，收到了', false, null],
    ['slang', '无语，客服一直不回', true, 'complaint'],
    ['threat', '再不处理我就去消费者协会', true, 'threat'],
    ['plain question', '请问发票什么时候能开', false, null],
    ['mixed language', '这个refund太慢了，我已经受够了', true, 'complaint'],
  ])('%s: %s', (_, text, frustrated, kind) => {
    const f = detectFrustration(text);
    expect(f.frustrated).toBe(frustrated);
    if (kind) expect(f.signals.map((s) => s.kind)).toContain(kind);
  });
});

/** The verdict, and the cue an agent reads in the summary (null: the summary is empty, no evidence at all). */
function expectHeard(text: string, frustrated: boolean, cue: string | null): void {
  const f = detectFrustration(text);
  expect(f.frustrated).toBe(frustrated);
  if (cue) expect(f.summary).toContain(cue);
  else expect(f.summary).toBe('');
}

describe('the bot hears Chinese slang, rhetorical questions, sarcasm and impatience', () => {
  // [what it shows, message, frustrated, a cue the agent sees in the summary — or null for no evidence at all]
  it.each<[string, string, boolean, string | null]>([
    ['slang', '醉了，客服又让我重新拍照', true, "'醉了'"],
    ['rhetorical question', '凭什么不给我换货？', true, "'凭什么不'"],
    ['"这也叫…?"', '这也叫新品？盒子都是旧的', true, "'这也叫'"],
    ['"还…不…"', '你们还管不管了', true, "'还管不管'"],
    ['impatience', '快点给我个答复', true, "'快点'"],
    ['asked again, counted in characters', '我已经问了五遍了', true, "'问了五遍'"],
    ['asked again, counted as the n-th time', '这是第六次联系你们了', true, "'第六次'"],
    ['a fifth purchase is loyalty', '第五次回购了，一直很满意', false, null],
    ['chasing once is not impatience', '我昨天催了一下，今天就到了', false, null],
    ['praise in scare quotes', '你们的“专业”售后让我白跑了一趟', true, "sarcasm: '“专业”'"],
    ['a quoted product name in a question', '“开心果”口味的还有货吗？', false, null],
    ['sarcastic opener', '太棒了，又给我发了个坏的', true, "sarcasm: '太棒了 … 又'"],
    ['three question marks', '我的发票呢？？？', true, "'???'"],
    ['two question marks are noticed, not enough', '真的吗？？', false, "'??'"],
    ['insult', '废物系统，登录十次失败十次', true, "'废物'"],
    ['swearing', '我特么等了一整天', true, "'特么'"],
    ['threat to complain', '再这样我就投诉你们', true, "'投诉你们'"],
    ['a denied complaint', '也谈不上不满意，就是提个建议', false, null],
    ['"not as bad as"', '没有网上说的那么差', false, null],
    ['垃圾桶 is a bin', '这款垃圾桶能放厨房吗', false, null],
    ['没用上 is "did not get to use"', '优惠券没用上，还能再领吗', false, null],
    ['不过 is "but", not a negation', '有点失望，不过客服很耐心，谢谢', false, null],
  ])('%s: %s', (_, text, frustrated, cue) => expectHeard(text, frustrated, cue));
});

describe('the bot hears English idiom, sarcasm and impatience', () => {
  // [what it shows, message, frustrated, a cue the agent sees in the summary — or null for no evidence at all]
  it.each<[string, string, boolean, string | null]>([
    ['a ping with two question marks', 'refund??', true, "'??'"],
    ['a presence check', 'is anybody there or not', true, "'anybody there'"],
    ['British idiom', 'a fortnight for a reply, you are having a laugh', true, "'having a laugh'"],
    ['patience running out', 'my patience is wearing thin with this order', true, "'wearing thin'"],
    ['retries counted in digits', 'I have emailed 5 times about the voucher', true, "'emailed 5 times'"],
    ['the n-th time', 'this is the 4th time the van has skipped my street', true, "'4th time'"],
    ['praise taken back', 'really helpful answer, not', true, "sarcasm: '…, not'"],
    ['a British sarcastic opener', 'marvellous, the parcel went to another town', true, "sarcasm: 'marvellous … another'"],
    ['an intensified insult', 'the returns process is an absolute farce', true, "'absolute farce'"],
    ['a department name is not care', 'shocking customer care from the warehouse', true, "'shocking'"],
    ['a return customer is not sneering', 'brilliant service, I will buy again', false, null],
    ['a settled state ending on "now"', 'the app was slow but it works now', false, null],
    ['a product name in a routine question', 'do you stock the kill switch for the quad bike?', false, "'kill'"],
    ['a colour, not a complaint', 'is the scarf available in shocking pink?', false, null],
    ['a calm report of a wobbly part', 'the table leg is a bit loose', false, "'loose'"],
    ['a second purchase is loyalty', 'I bought this twice already and love it', false, null],
  ])('%s: %s', (_, text, frustrated, cue) => expectHeard(text, frustrated, cue));
});

describe('praise and shouting', () => {
  it('reads "THANK YOU!!!" as delight, not anger', () => {
    for (const text of ['THANKS SO MUCH!!!', 'BEST SHOP EVER!!']) expect(detectFrustration(text).frustrated).toBe(false);
  });

  it('ignores the praise in a sarcastic thank-you', () => {
    expect(detectFrustration("thanks for the reply that didn't answer anything").frustrated).toBe(true);
  });
});

describe('the conversation so far adds to the score', () => {
  const calm = { recent: [] as string[], fallbackStreak: 0 };

  it.each([
    ['en', 'Where is my parcel', 'where is my parcel'],
    ['zh', '退款什么时候到账？', '退款什么时候到账'],
  ])('notices the same question asked again (%s)', (_, text, earlier) => {
    expect(kinds(text, { state: calm })).not.toContain('repeat');
    expect(kinds(text, { state: { ...calm, recent: [earlier] } })).toContain('repeat');
  });

  it('does not count "yes" or a greeting as a repeated question', () => {
    expect(isRepeat('yes', ['yes'])).toBe(false);
    expect(isRepeat('好啊', ['好啊'])).toBe(false);
  });

  it('matches a repeat that differs only in case and punctuation', () => {
    expect(isRepeat('WHERE is my parcel??', [questionKey('where is my parcel')])).toBe(true);
  });

  it.each([
    [0, 0],
    [1, 0.3],
    [2, 0.6],
    [5, 0.9],
  ])('counts %i fallbacks in a row as %f points', (streak, points) => {
    const f = detectFrustration('hmm', { state: { recent: [], fallbackStreak: streak } });
    expect(f.signals.find((s) => s.kind === 'fallbacks')?.points ?? 0).toBeCloseTo(points);
  });

  it.each([
    [30, 0],
    [90, 0.3],
    [240, 0.6],
    [900, 1.0],
  ])('counts %i seconds of waiting as %f points', (seconds, points) => {
    const f = detectFrustration('hello?', { waitingSeconds: seconds });
    expect(f.signals.find((s) => s.kind === 'waiting')?.points ?? 0).toBeCloseTo(points);
  });

  it('makes a long wait plus a repeated question a frustrated visitor', () => {
    const f = detectFrustration('where is my parcel', {
      state: { recent: ['where is my parcel'], fallbackStreak: 2 },
      waitingSeconds: 700,
    });
    expect(f.frustrated).toBe(true);
    expect(f.summary).toMatch(/same question repeated.*2 fallbacks in a row.*waiting 12 min/);
  });
});

describe('score and summary', () => {
  it('stays under 1 however much evidence piles up', () => {
    const f = detectFrustration('USELESS!!! WORST SHOP EVER, I AM CALLING MY LAWYER AND POSTING ON TIKTOK');
    expect(f.score).toBeGreaterThanOrEqual(STRONG_FRUSTRATION);
    expect(f.score).toBeLessThan(1);
  });

  it('quotes its evidence for the agent', () => {
    const f = detectFrustration('你们的客服真的太差了！！！我要找律师');
    expect(f.summary).toMatch(/^frustration 0\.\d\d: /);
    expect(f.summary).toContain("'!!!'");
    expect(f.summary).toContain("threat: '找律师'");
  });

  it('flags exactly at the threshold', () => {
    const f = detectFrustration('Where is the replacement kettle!!!');
    expect(f.score).toBe(0.5);
    expect(f.frustrated).toBe(f.score >= FRUSTRATED_THRESHOLD);
  });
});
