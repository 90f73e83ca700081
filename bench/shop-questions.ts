/** Questions a shop's visitors ask, in both languages; written for the benchmarks (round trip, load). */
export const SHOP_QUESTIONS = [
  'where is my parcel? it was supposed to come yesterday',
  'how do I send back a jacket that does not fit',
  'do you deliver to Canada',
  'can I pay with paypal',
  '我的快递到哪了',
  '退货怎么操作',
  'my promo code is not accepted at checkout',
  '什么时候能退款到账',
];
