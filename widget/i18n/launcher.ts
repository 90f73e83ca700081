import type { Locale } from '../../protocol/locale.ts';

// The launcher's words live apart from the app's, so the loader bundle carries only these.
export const LAUNCHER_STRINGS = {
  en: { open: 'Open chat', close: 'Close chat', title: 'Chat', unread: 'unread' },
  zh: { open: '打开聊天', close: '关闭聊天', title: '聊天', unread: '条未读' },
} satisfies Record<Locale, Record<string, string>>;
