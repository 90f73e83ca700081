import { z } from 'zod';
import { LocaleSchema } from './locale.ts';
import { AuthorSchema } from './message.ts';
import { PrioritySchema } from './priority-schema.ts';

/**
 * bot → queued → assigned → resolved, plus offline (handed off while no agent was online).
 * A visitor message on a resolved conversation reopens it with the bot.
 */
export const ConversationStatusSchema = z.enum(['bot', 'queued', 'assigned', 'resolved', 'offline']);
export type ConversationStatus = z.infer<typeof ConversationStatusSchema>;

/** Why the bot handed the conversation over: what an agent reads before the transcript. */
export const HandoffSchema = z.object({
  priority: PrioritySchema,
  /** Human-readable reasons, e.g. "asked for a person", "frustration 0.82: all caps, 'useless'". */
  reasons: z.array(z.string()),
  frustration: z.number(),
  /** The last intent the bot recognised, if any. */
  intent: z.string().nullable(),
  /** One line for the queue: the visitor's most telling message. */
  summary: z.string(),
  at: z.number().int(),
});
export type Handoff = z.infer<typeof HandoffSchema>;

/** The visitor's view of their conversation. */
export const VisitorConversationSchema = z.object({
  id: z.string(),
  status: ConversationStatusSchema,
  locale: LocaleSchema,
  agentName: z.string().nullable(),
  /** 1-based place in the queue while status is 'queued'; null otherwise. */
  queuePosition: z.number().int().positive().nullable(),
  /** True once resolved and not yet rated: the widget shows the 1–5 rating. */
  ratingRequested: z.boolean(),
  /** True when a handoff happened while nobody was online and we have no contact for the visitor yet. */
  contactRequested: z.boolean(),
});
export type VisitorConversation = z.infer<typeof VisitorConversationSchema>;

export const AgentRefSchema = z.object({ id: z.string(), name: z.string() });
export type AgentRef = z.infer<typeof AgentRefSchema>;

/** The agent's view of a conversation: everything the queue and the side panel show. */
export const ConversationSummarySchema = z.object({
  id: z.string(),
  status: ConversationStatusSchema,
  locale: LocaleSchema,
  priority: PrioritySchema.nullable(),
  visitor: z.object({
    id: z.string(),
    name: z.string().nullable(),
    email: z.string().nullable(),
    pageUrl: z.string().nullable(),
  }),
  assignedAgent: AgentRefSchema.nullable(),
  handoff: HandoffSchema.nullable(),
  lastMessage: z.object({ text: z.string(), author: AuthorSchema, at: z.number().int() }).nullable(),
  rating: z.object({ score: z.number().int(), comment: z.string().nullable() }).nullable(),
  /** When it entered the queue (for waiting time); null if never queued. */
  queuedAt: z.number().int().nullable(),
  createdAt: z.number().int(),
  updatedAt: z.number().int(),
});
export type ConversationSummary = z.infer<typeof ConversationSummarySchema>;

export const AgentProfileSchema = z.object({ id: z.string(), name: z.string(), email: z.string() });
export type AgentProfile = z.infer<typeof AgentProfileSchema>;
