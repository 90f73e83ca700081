import { describe, expect, it } from 'vitest';
import { detectFrustration } from '../../../server/bot/frustration.ts';
import { detectMood } from '../../../server/bot/mood.ts';
import { prepare } from '../../../server/bot/phrases.ts';
import { assessPriority, higher } from '../../../server/bot/priority.ts';

function assess(text: string) {
  const p = prepare(text);
  const f = detectFrustration(text);
  return assessPriority(p, f, detectMood(p, text, f).mood);
}
const priorityOf = (text: string) => assess(text).priority;

/** The priority, and the urgent category an agent sees (null below urgent). */
function expectAssessed(text: string, priority: string, category: string | null): void {
  const a = assess(text);
  expect(a.priority).toBe(priority);
  expect(a.urgent).toBe(category);
}

describe('handoff priority follows complaint-handling practice', () => {
  it.each([
    ['the heater sparked and there was smoke everywhere', 'urgent'],
    ['my lawyer will hear about this', 'urgent'],
    ['I am going to post this on twitter and tell the newspapers', 'urgent'],
    ['someone else can see my address and card details in my account', 'urgent'],
    ['your driver refused to deliver because of my religion', 'urgent'],
    ['充电器着火了', 'urgent'],
    ['我要找律师起诉你们', 'urgent'],
    ['我的个人信息被泄露了', 'urgent'],
    ['the blender is broken and won\'t turn on', 'high'],
    ['THIS IS RIDICULOUS!!! USELESS SERVICE, WORST SHOP EVER', 'high'],
    ['收到的东西是坏的', 'high'],
    ['I am still waiting for an answer to my email from last week', 'normal'],
    ['how much is gift wrap?', 'low'],
    ['礼品包装多少钱', 'low'],
    ['the toaster started smouldering and the kitchen filled with smoke', 'urgent'],
    ["I've sent you a letter before action", 'urgent'],
    ['your courier told me to go back to my own country', 'urgent'],
    ["I'm going to warn other customers on Trustpilot", 'urgent'],
    ['插排冒黑烟，墙都熏黑了', 'urgent'],
    ['不给说法的话，我就让你们承担法律责任', 'urgent'],
    ['the kettle cuts out before it boils', 'high'],
    ['洗碗机用了一周就罢工了', 'high'],
    ['the courier never turned up', 'normal'],
    ['买了三盒只收到两盒', 'normal'],
  ])('%s → %s', (text, expected) => {
    expect(priorityOf(text)).toBe(expected);
  });

  // Multi-part cues (lexicons/signal-pairs.json): the incident fires, the routine question with the same
  // words does not.
  it.each([
    ['I can see another customer\'s name and address on my order page', 'urgent', 'privacy'],
    ['Can I send this to another customer\'s address as a gift?', 'low', null],
    ['someone logged into my account and changed the password', 'urgent', 'privacy'],
    ['they refused to serve me because I\'m in a wheelchair', 'urgent', 'discrimination'],
    ['I need to return the dress because I\'m pregnant', 'low', null],
    ['my skin is burning and swollen after the face cream', 'urgent', 'safety'],
    ['does the fire pit come with a cover?', 'low', null],
    ['my friend who is a lawyer recommended your shop', 'low', null],
    ['我的订单页面显示的是别人的姓名和地址', 'urgent', 'privacy'],
    ['可以寄到别人的地址吗？', 'low', null],
    ['就因为我是外地人，他们对我区别对待', 'urgent', 'discrimination'],
    ['因为我怀孕了，想换大一号', 'low', null],
    ['我朋友是律师，他推荐了你们家', 'low', null],
    ['我要把聊天截图发到网上', 'urgent', 'media'],
    ['the blade flew off and nearly hit my daughter', 'urgent', 'safety'],
    ['the packing slip had a different customer\'s name and address on it', 'urgent', 'privacy'],
    ['someone ordered a laptop on my account with my saved card', 'urgent', 'privacy'],
    ['the family solicitor is writing to you about this', 'urgent', 'legal'],
    ['the staff laughed at the way I speak', 'urgent', 'discrimination'],
    ['店员一听我的口音就爱答不理', 'urgent', 'discrimination'],
    ['有人冒充你们客服打电话，连我买了什么都知道', 'urgent', 'privacy'],
    ['我已经咨询了律师', 'urgent', 'legal'],
    // A failure of the shop's own service (tracking, codes, website) is a service problem, not a broken product.
    ['the discount code doesn\'t work at checkout', 'normal', null],
    ['优惠券一直用不了', 'normal', null],
  ])('%s → %s (%s)', (text, priority, category) => expectAssessed(text, priority, category));

  // The labelling rule: a message that asks about fire, lawyers or social media is routine; one that reports
  // an incident is urgent even when it also asks something. Compounds such as "fire blanket" or "nobody was
  // hurt" hold a cue but report nothing.
  it.each([
    ['Is the fire blanket easy to use?', 'low', null],
    ['Do you have a TikTok account?', 'low', null],
    ['I follow you on Instagram, do you ship to Ireland?', 'low', null],
    ['你们有抖音店铺吗？', 'low', null],
    ['这款取暖器会起火吗？', 'low', null],
    ['the bunk bed ladder snapped but nobody was hurt', 'high', null],
    ['婴儿床塌了，还好没人受伤', 'high', null],
    ['my charger caught fire, can I get a refund?', 'urgent', 'safety'],
    ['取暖器起火了，能退货吗？', 'urgent', 'safety'],
    ['why does the heater smell of smoke?', 'urgent', 'safety'],
    // A safety incident is often told as a question; only a risk asked about ("will it…", "会不会…") is routine.
    ['is it normal that my charger is smoking?', 'urgent', 'safety'],
    ['宝宝吃了过敏了，正常吗？', 'urgent', 'safety'],
    ['will it catch fire if I leave it on overnight?', 'low', null],
    ['宝宝吃了会过敏吗？', 'low', null],
    ['会不会漏电啊？', 'low', null],
    ['我在小红书发了帖子，看看大家怎么说', 'urgent', 'media'],
  ])('%s → %s (%s)', (text, priority, category) => expectAssessed(text, priority, category));

  it('says which urgent category fired, for the agent and for safety advice', () => {
    const a = assess('the charger caught fire');
    expect(a).toMatchObject({ priority: 'urgent', urgent: 'safety' });
    expect(a.reasons[0]).toMatch(/^safety risk: '/);
  });

  it('orders priorities by urgency', () => {
    expect(higher('low', 'urgent')).toBe('urgent');
    expect(higher('high', 'normal')).toBe('high');
    expect(higher('normal', null)).toBe('normal');
  });
});

describe('the same wish gets the same priority in either language', () => {
  it.each([
    ['your service is useless!!!', '太差劲了，我要投诉', 'high'],
    ['where is my parcel?', '我的快递到哪了？', 'low'],
    ['my refund still hasn\'t arrived', '我的退款还没到账', 'normal'],
    ['the screen cracked after two days', '屏幕用了两天就裂了', 'high'],
    ['there was glass in the food', '食物里有玻璃', 'urgent'],
  ])('%s / %s → %s', (en, zh, priority) => {
    expect(priorityOf(en)).toBe(priority);
    expect(priorityOf(zh)).toBe(priority);
  });
});
