import { z } from 'zod';
import type { AgentRef } from './agent.ts';
import { LocaleSchema, type Locale } from './locale.ts';
import type { Author } from './message.ts';
import type { Priority } from './priority.ts';
import { PrioritySchema } from './priority-schema.ts';
import type { VisitorProfile } from './visitor.ts';

/**
 * bot → queued → assigned → resolved, plus offline: the visitor left a message (an e-mail address) after
 * being offered the form. A visitor message on a resolved conversation reopens it with the bot; an agent
 * may take a resolved conversation over again to follow it up.
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
  /** While queued: the median time to a first agent reply over the last day; null when there is none. */
  waitEstimateMs: z.number().int().nonnegative().nullable(),
  /** True once resolved and not yet rated: the widget shows the 1–5 rating. */
  ratingRequested: z.boolean(),
  /**
   * True while queued and a person cannot answer soon (nobody available, outside business hours, or the
   * queue timeout passed): the widget offers the leave-a-message form. The visitor stays in the queue.
   */
  contactRequested: z.boolean(),
});
export type VisitorConversation = z.infer<typeof VisitorConversationSchema>;

/** The agent's view of a conversation: everything the lists and the side panel show. */
export interface ConversationSummary {
  id: string;
  status: ConversationStatus;
  locale: Locale;
  priority: Priority | null;
  visitor: VisitorProfile;
  assignedAgent: AgentRef | null;
  handoff: Handoff | null;
  lastMessage: { text: string; author: Author; at: number } | null;
  /** The visitor's own last words: what a row in the list shows. */
  lastVisitorMessage: { text: string; at: number } | null;
  rating: { score: number; comment: string | null } | null;
  /** When it entered the queue (for waiting time); null if never handed off. */
  queuedAt: number | null;
  /** The visitor was offered the leave-a-message form (and has not left a message yet). */
  contactRequested: boolean;
  /** The first agent message after the handoff; null until then. */
  firstReplyAt: number | null;
  resolvedAt: number | null;
  createdAt: number;
  updatedAt: number;
}

/** An earlier conversation of the same visitor, for the side panel's history. */
export interface ConversationBrief {
  id: string;
  status: ConversationStatus;
  createdAt: number;
  lastVisitorMessage: string | null;
  rating: number | null;
}
