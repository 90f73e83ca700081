import type { Locale } from '../../protocol/index.ts';

// Every sentence of the mail Parley sends, in each language; `{x}` is filled in (and HTML-escaped) by the templates.
const en = {
  replySubject: '{agent} replied to your message',
  replySubjectAnon: 'We replied to your message',
  replyIntro: '{agent} answered your question:',
  replyIntroAnon: 'We answered your question:',
  youAsked: 'You asked:',
  continue: 'Continue the conversation',
  continueHint: 'To answer, open the chat with this link (it works for 7 days):',
  noLink: 'To answer, open the chat on our website; your conversation is waiting there.',
  transcriptSubject: 'Your conversation with us',
  transcriptIntro: 'Here is a copy of your conversation.',
  you: 'You',
  bot: 'Assistant',
  agent: 'Agent',
  system: 'Notice',
  leftSubject: 'A visitor left a message while nobody was online',
  leftIntro: '{visitor} left a message:',
  leftOpen: 'Open the conversation in the console',
  leftOptOut: 'You get this because you asked for mail about messages left while nobody was online; turn it off in the console.',
  ratingSubject: 'How did we do?',
  ratingIntro: 'Your conversation with us ended yesterday. How did we do? Choose a rating:',
  ratingOnce: 'The link asks you to confirm; your rating replaces none given in the chat.',
  star1: '1 star',
  starN: '{n} stars',
  rateTitle: 'Rate your conversation',
  rateAsk: 'How did we do? Check your rating, add a comment if you like, and send it.',
  rateComment: 'Comment (optional)',
  rateSend: 'Send my rating',
  rateThanks: 'Thank you for your rating!',
  rateAlready: 'This conversation has already been rated. Thank you!',
  rateClosed: 'This conversation is open again: rate it in the chat when it is over.',
  rateExpired: 'This link has expired or is not valid.',
  testSubject: 'Parley mail test',
  testBody: 'This is a test from `parley mail test`: mail from Parley reaches this address.',
  footer: 'Sent by the chat on our website. Replies to this e-mail are not read.',
};
export type MailStringKey = keyof typeof en;

const zh: Record<MailStringKey, string> = {
  replySubject: '{agent} 回复了您的消息',
  replySubjectAnon: '我们回复了您的消息',
  replyIntro: '{agent} 回答了您的问题：',
  replyIntroAnon: '我们回答了您的问题：',
  youAsked: '您的问题：',
  continue: '继续对话',
  continueHint: '如需回复，请通过此链接打开对话（7 天内有效）：',
  noLink: '如需回复，请在我们的网站上打开在线客服，您的对话仍在那里。',
  transcriptSubject: '您与我们的对话记录',
  transcriptIntro: '以下是您的对话记录。',
  you: '您',
  bot: '智能助手',
  agent: '客服',
  system: '提示',
  leftSubject: '有访客在无人在线时留言',
  leftIntro: '{visitor} 留言：',
  leftOpen: '在客服控制台中打开对话',
  leftOptOut: '您收到此邮件是因为您订阅了无人在线时的留言提醒，可在控制台中关闭。',
  ratingSubject: '您对我们的服务满意吗？',
  ratingIntro: '您与我们的对话已于昨天结束。您对本次服务满意吗？请选择评分：',
  ratingOnce: '点击链接后需确认一次；若您已在聊天中评价，则以聊天中的评价为准。',
  star1: '1 星',
  starN: '{n} 星',
  rateTitle: '评价本次对话',
  rateAsk: '您对本次服务满意吗？请确认评分，可附上评论，然后提交。',
  rateComment: '评论（可选）',
  rateSend: '提交评价',
  rateThanks: '感谢您的评价！',
  rateAlready: '本次对话已评价过，谢谢！',
  rateClosed: '本次对话已重新开启，结束后请在聊天中评价。',
  rateExpired: '此链接已过期或无效。',
  testSubject: 'Parley 邮件测试',
  testBody: '这是来自 `parley mail test` 的测试邮件：Parley 的邮件可以送达此地址。',
  footer: '此邮件由我们网站的在线客服发送，请勿直接回复。',
};

const TABLES: Record<Locale, Record<MailStringKey, string>> = { en, zh };

/** A string in `locale`, with `{name}` placeholders filled from `vars` as given (the caller escapes for HTML). */
export function mailString(locale: Locale, key: MailStringKey, vars: Record<string, string> = {}): string {
  return TABLES[locale][key].replace(/\{(\w+)\}/g, (_, name: string) => vars[name] ?? '');
}
