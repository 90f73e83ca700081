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
