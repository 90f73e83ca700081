import { z } from 'zod';
import type { Ack } from './errors.ts';
import { ConversationIdSchema } from './visitor-events.ts';

// Mail as the agent console sees it: the outbox's rows, whether mail is on, and each agent's opt-in.

export type MailKind = 'reply' | 'transcript' | 'left-message' | 'rating';
/** queued → sending → sent; or queued again after a failed attempt; failed after the last one; cancelled when no longer needed. */
export type MailStatus = 'queued' | 'sending' | 'sent' | 'failed' | 'cancelled';

export interface MailView {
  id: string;
  conversationId: string | null;
  kind: MailKind;
  recipient: string;
  status: MailStatus;
  attempts: number;
  /** The mail server's last answer when an attempt failed. */
  lastError: string | null;
  nextAttemptAt: number;
  createdAt: number;
  sentAt: number | null;
}

/** One conversation's mail, or (conversationId null) the outbox's failed and waiting rows. */
export const MailListSchema = z.object({ conversationId: ConversationIdSchema.nullable() });
export const MailRefSchema = z.object({ id: z.string().min(1).max(64) });
/** This agent's opt-in: a mail for every message left while nobody was online. */
export const MailNotifySchema = z.object({ on: z.boolean() });
/** Admins only: the desk's mail settings. */
export const MailSettingsSchema = z.object({ followUp: z.boolean() });

export interface MailSummary {
  /** PARLEY_SMTP_URL is set: false shows "mail is off" in the console. */
  on: boolean;
  counts: Partial<Record<MailStatus, number>>;
  /** The asking agent's opt-in. */
  notify: boolean;
  /** A rating request by mail a day after a chat ends unrated (admins turn it on or off). */
  followUp: boolean;
}

export type MailListAck = Ack<{ summary: MailSummary; mails: MailView[] }>;
export type MailRetryAck = Ack<{ mail: MailView }>;
export type MailNotifyAck = Ack<{ notify: boolean }>;
export type MailSettingsAck = Ack<{ followUp: boolean }>;
