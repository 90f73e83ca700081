import repliesData from '../../lexicons/replies.json' with { type: 'json' };
import type { Lang } from './types.ts';

/** Everything the bot says in its own words (intent answers live in intents/). */
export type ReplyKey = Exclude<keyof (typeof repliesData)['en'], never>;

const replies = repliesData as unknown as Record<Lang, Record<ReplyKey, string>>;

/** A reply in the given language, with {a}/{b} placeholders filled in. */
export function reply(lang: Lang, key: ReplyKey, vars: Record<string, string> = {}): string {
  return replies[lang][key].replace(/\{(\w+)\}/g, (m, name: string) => vars[name] ?? m);
}

/** Joins the parts of one bot turn (apology, answer, question) as separate paragraphs. */
export const paragraphs = (...parts: Array<string | null | undefined | false>) => parts.filter(Boolean).join('\n\n');
