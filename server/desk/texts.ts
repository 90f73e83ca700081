import type { Locale } from '../../protocol/index.ts';

/** What the desk itself says in a conversation (system messages), in the visitor's language. */
export const deskTexts = {
  joined: (name: string, locale: Locale) => (locale === 'zh' ? `${name} 加入了对话` : `${name} joined the conversation`),
  nobodyOnline: (locale: Locale) =>
    locale === 'zh'
      ? '现在没有客服在线。请留下您的电子邮箱，我们会尽快通过邮件回复您。'
      : 'Nobody is online right now. Leave your e-mail address and someone will reply by e-mail.',
  resolved: (locale: Locale) => (locale === 'zh' ? '对话已结束。' : 'This conversation has been resolved.'),
};
