import type { Locale } from '../../protocol/index.ts';

/** What the desk itself says in a conversation (system messages), in the visitor's language. */
export const deskTexts = {
  joined: (name: string, locale: Locale) => (locale === 'zh' ? `${name} 加入了对话` : `${name} joined the conversation`),
  released: (name: string, locale: Locale) =>
    locale === 'zh' ? `${name} 已将对话转回排队，下一位有空的客服会接着为您服务。` : `${name} passed your conversation on: the next available person will continue.`,
  resolved: (locale: Locale) => (locale === 'zh' ? '对话已结束。' : 'This conversation has been resolved.'),
};
