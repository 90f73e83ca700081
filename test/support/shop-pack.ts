import type { IntentPack } from '../../server/intents/schema.ts';

const intent = (id: string, en: string[], zh: string[], extra: { followUps?: string[]; handoff?: boolean } = {}) => ({
  id,
  title: { en: `T:${id}`, zh: `标题:${id}` },
  examples: { en, zh },
  answer: { en: `EN answer for ${id}.`, zh: `中文回答 ${id}。` },
  followUps: extra.followUps ?? [],
  handoff: extra.handoff ?? false,
});

/** A small pack written for the bot's table tests; answers are tagged so a test can tell which one came. */
export const shopPack: IntentPack = {
  intents: [
    intent(
      'parcel_tracking',
      ['where is my parcel', 'track my parcel', 'has my parcel shipped', 'my parcel is late', 'parcel tracking number', 'when does my parcel arrive'],
      ['我的包裹在哪', '查包裹物流', '包裹发货了吗', '包裹怎么还没到', '包裹单号', '包裹什么时候到'],
      { followUps: ['send_back'] },
    ),
    intent(
      'send_back',
      ['how do I send an item back', 'send back my shoes', 'can I send this back', 'send back policy', 'I want to send back the lamp', 'send back label'],
      ['怎么退回商品', '我要退回鞋子', '可以退回吗', '退回政策', '台灯想退回', '退回标签'],
    ),
    intent(
      'opening_times',
      ['what are your opening times', 'when do you open', 'opening times on sunday', 'are you open today', 'what time do you close', 'opening hours'],
      ['营业时间', '几点开门', '周日营业吗', '今天开门吗', '几点关门', '什么时候营业'],
    ),
    intent(
      'gift_wrap',
      ['do you gift wrap', 'can you wrap it as a gift', 'gift wrapping price', 'add gift wrap', 'is gift wrap free', 'gift wrap options'],
      ['可以礼品包装吗', '帮我包装成礼物', '礼品包装多少钱', '加礼品包装', '礼品包装免费吗', '有哪些礼品包装'],
    ),
    intent(
      'voucher_balance',
      ['check my voucher balance', 'how much is left on my voucher', 'voucher balance', 'my voucher amount', 'what is my voucher worth', 'remaining voucher credit'],
      ['查礼券余额', '礼券还剩多少', '礼券余额', '礼券金额', '我的礼券值多少', '礼券剩余额度'],
    ),
    intent(
      'person',
      ['talk to a person', 'connect me to staff', 'I want a human', 'let me speak to someone', 'person please', 'get me a human'],
      ['转人工', '我要人工', '找真人', '让客服来', '人工服务', '接人工'],
      { handoff: true },
    ),
  ],
};
