import { z } from 'zod';

const perLocale = <T extends z.ZodType>(t: T) => z.object({ en: t, zh: t }).strict();

/**
 * One FAQ intent, one file (intents/<id>.yaml). Every text exists in English and Simplified Chinese.
 * `followUps` name other intents offered as quick replies under the answer.
 * `handoff: true` marks intents whose meaning is "I want a person": matching one offers a handoff.
 */
export const IntentSchema = z
  .object({
    id: z.string().regex(/^[a-z][a-z0-9_]{1,48}$/, 'lower_snake_case, 2–49 characters'),
    title: perLocale(z.string().min(1).max(60)),
    examples: perLocale(z.array(z.string().min(1).max(300)).min(3, "at least 3 examples required").max(200)),
    answer: perLocale(z.string().min(1).max(2000)),
    followUps: z.array(z.string()).max(4).default([]),
    handoff: z.boolean().default(false),
  })
  .strict();

export type Intent = z.infer<typeof IntentSchema>;

export interface IntentPack {
  intents: Intent[];
}
