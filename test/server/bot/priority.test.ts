import { describe, expect, it } from 'vitest';
import { detectFrustration } from '../../../server/bot/frustration.ts';
import { prepare } from '../../../server/bot/phrases.ts';
import { assessPriority, higher } from '../../../server/bot/priority.ts';

const priorityOf = (text: string) => assessPriority(prepare(text), detectFrustration(text)).priority;

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
  ])('%s → %s (%s)', (text, priority, category) => {
    const a = assessPriority(prepare(text), detectFrustration(text));
    expect(a.priority).toBe(priority);
    expect(a.urgent).toBe(category);
  });

  it('says which urgent category fired, for the agent and for safety advice', () => {
    const a = assessPriority(prepare('the charger caught fire'), detectFrustration('the charger caught fire'));
    expect(a).toMatchObject({ priority: 'urgent', urgent: 'safety' });
    expect(a.reasons[0]).toMatch(/^safety risk: '/);
  });

  it('orders priorities by urgency', () => {
    expect(higher('low', 'urgent')).toBe('urgent');
    expect(higher('high', 'normal')).toBe('high');
    expect(higher('normal', null)).toBe('normal');
  });
});
