import { z } from 'zod';
import { AttachmentSchema } from './attachment.ts';
import { LocaleSchema } from './locale.ts';
import { PrioritySchema } from './priority-schema.ts';

export const AuthorSchema = z.enum(['visitor', 'bot', 'agent', 'system']);
export type Author = z.infer<typeof AuthorSchema>;

/**
 * A button under a bot message. Clicking it sends `label` as the visitor's text and `value` as
 * message:send's `reply`, so the bot acts on the choice without re-reading the words.
 * Values: "intent:<id>" (answer that intent), "handoff:yes", "handoff:no".
 */
export const QuickReplySchema = z.object({
  label: z.string().min(1).max(80),
  value: z.string().min(1).max(120),
});
export type QuickReply = z.infer<typeof QuickReplySchema>;

export const BotKindSchema = z.enum(['answer', 'clarify', 'fallback', 'offer_handoff', 'handoff', 'decline_handoff']);
export type BotKind = z.infer<typeof BotKindSchema>;

export const MoodSchema = z.enum(['calm', 'unhappy', 'angry']);
export type Mood = z.infer<typeof MoodSchema>;

/** What the bot thought when it wrote a message: shown to agents, never sent to visitors. */
export const BotMetaSchema = z.object({
  kind: BotKindSchema,
  lang: LocaleSchema,
  intent: z.string().nullable(),
  confidence: z.number(),
  alternatives: z.array(z.object({ intent: z.string(), confidence: z.number() })),
  /** Absent on bot messages stored before the bot read moods. */
  mood: MoodSchema.optional(),
  frustrated: z.boolean(),
  frustration: z.number(),
  priority: PrioritySchema,
  reasons: z.array(z.string()),
});
export type BotMeta = z.infer<typeof BotMetaSchema>;

/** A message as the visitor sees it. `seq` orders messages within one conversation, starting at 1. */
export const MessageSchema = z.object({
  id: z.string(),
  conversationId: z.string(),
  seq: z.number().int().positive(),
  author: AuthorSchema,
  /** Display name of the agent for agent messages; null otherwise. */
  authorName: z.string().nullable(),
  text: z.string(),
  /** The sender's client id for visitor and agent messages (outbox matching); null for bot/system. */
  clientId: z.string().nullable(),
  quickReplies: z.array(QuickReplySchema),
  /** Files sent with the message (the text may then be empty). */
  attachments: z.array(AttachmentSchema),
  createdAt: z.number().int(),
});
export type Message = z.infer<typeof MessageSchema>;

/** A message as an agent sees it: the visitor's view plus the bot's reasoning. */
export const AgentMessageSchema = MessageSchema.extend({ bot: BotMetaSchema.nullable() });
export type AgentMessage = z.infer<typeof AgentMessageSchema>;
