import { z } from 'zod';

/** 'zh' is Simplified Chinese (zh-CN); the bot, the intents and the UI strings all use these two keys. */
export const LOCALES = ['en', 'zh'] as const;
export const LocaleSchema = z.enum(LOCALES);
export type Locale = z.infer<typeof LocaleSchema>;

/** Maps a BCP 47 tag such as navigator.language ("zh-CN", "en-GB", "zh-Hans") to a supported locale. */
export function pickLocale(tag: string | null | undefined): Locale {
  return tag && /^zh\b/i.test(tag.trim()) ? 'zh' : 'en';
}
