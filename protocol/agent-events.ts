import { z } from 'zod';
import { AgentStatusSchema, type AgentSelf, type AgentState, type AgentRef } from './agent.ts';
import type { CannedResponse, CannedSave } from './canned.ts';
import type { ConversationBrief, ConversationSummary } from './conversation.ts';
import type { Ack } from './errors.ts';
import type { AgentMessage } from './message.ts';
import type { MailListAck, MailListSchema, MailNotifyAck, MailNotifySchema, MailRefSchema, MailRetryAck, MailSettingsAck, MailSettingsSchema, MailView } from './mail.ts';
import type { Note } from './note.ts';
import type { VisitorFlag } from './visitor.ts';
import { AttachmentIdsSchema, ConversationIdSchema, hasContent, MessageTextSchema, OptionalTextSchema } from './visitor-events.ts';

/** Namespace the agent console connects to; the handshake carries the session cookie. */
export const AGENT_NAMESPACE = '/agent';

export const ConversationRefSchema = z.object({ conversationId: ConversationIdSchema });
export type ConversationRef = z.infer<typeof ConversationRefSchema>;

export const AgentSendSchema = z.object({
  conversationId: ConversationIdSchema,
  clientId: z.uuid(),
  text: OptionalTextSchema,
  attachments: AttachmentIdsSchema,
}).refine(hasContent, { message: 'text or an attachment' });
export type AgentSend = z.input<typeof AgentSendSchema>;
export type AgentSendParsed = z.infer<typeof AgentSendSchema>;

export const EmptySchema = z.object({}).strict();

/** The lists that are paged rather than always listed. */
export const PAGED_VIEWS = ['bot', 'resolved'] as const;
export const ConversationsPageSchema = z.object({
  view: z.enum(PAGED_VIEWS),
  /** The `next` of the previous page; null for the first. */
  cursor: z.string().max(100).nullable(),
});
export type ConversationsPage = z.infer<typeof ConversationsPageSchema>;

export const SearchSchema = z.object({
  /** Words or part of a word (two characters at least: 退货, "refund"). */
  query: z.string().trim().min(2).max(100),
  cursor: z.string().max(100).nullable(),
});
export type Search = z.infer<typeof SearchSchema>;

export const AgentMessagesBeforeSchema = z.object({
  conversationId: ConversationIdSchema,
  beforeSeq: z.number().int().positive(),
});

export const TransferSchema = z.object({
  conversationId: ConversationIdSchema,
  toAgentId: z.string().min(1).max(64),
  note: z.string().trim().max(1000).nullable(),
});
export type Transfer = z.infer<typeof TransferSchema>;

export const NoteAddSchema = z.object({ conversationId: ConversationIdSchema, text: MessageTextSchema });
export type NoteAdd = z.infer<typeof NoteAddSchema>;

export const AgentStatusChangeSchema = z.object({ status: AgentStatusSchema });

export const VisitorFlagSchema = z.object({
  visitorId: z.string().min(1).max(64),
  label: z.string().trim().toLowerCase().min(1).max(40),
});
export type VisitorFlagChange = z.infer<typeof VisitorFlagSchema>;

export const CannedDeleteSchema = z.object({ id: z.string().min(1).max(64) });

export const AgentTypingSchema = ConversationRefSchema.extend({ typing: z.boolean() });

/** Desk-wide settings the console shows (capacity, hours). */
export interface DeskSettings {
  maxChats: number;
  queueTimeoutMs: number;
  /** Within business hours now; `opensAt` when closed. */
  open: boolean;
  opensAt: number | null;
  /** Mail is configured (PARLEY_SMTP_URL): when false the console says mail is off. */
  mail: boolean;
}

export type QueueAck = Ack<{ me: AgentSelf; agents: AgentState[]; conversations: ConversationSummary[]; settings: DeskSettings }>;
export type PageAck = Ack<{ conversations: ConversationSummary[]; next: string | null }>;
export type SearchHit = { conversation: ConversationSummary; match: { text: string; seq: number; at: number } };
export type SearchAck = Ack<{ results: SearchHit[]; next: string | null }>;
export type OpenAck = Ack<{
  conversation: ConversationSummary;
  /** The newest messages, oldest first; `hasEarlier` when more precede them (messages:before). */
  messages: AgentMessage[];
  hasEarlier: boolean;
  /** Notes placed among the returned messages. */
  notes: Note[];
  /** The visitor's other conversations, newest first. */
  history: ConversationBrief[];
}>;
export type AgentPageAck = Ack<{ messages: AgentMessage[]; notes: Note[]; hasEarlier: boolean }>;
export type ConversationAck = Ack<{ conversation: ConversationSummary }>;
export type AgentSendAck = Ack<{ id: string; seq: number; createdAt: number }>;
export type NoteAck = Ack<{ note: Note }>;
export type StatusAck = Ack<{ me: AgentSelf }>;
export type CannedListAck = Ack<{ responses: CannedResponse[] }>;
export type CannedSaveAck = Ack<{ response: CannedResponse }>;
export type FlagsAck = Ack<{ flags: VisitorFlag[] }>;

/** Why an alert reached this agent. */
export type AlertKind = 'assigned' | 'queued' | 'transferred';
export interface Alert {
  kind: AlertKind;
  conversation: ConversationSummary;
  /** The agent who transferred it, with their note. */
  from: AgentRef | null;
  note: string | null;
}

export interface AgentClientEvents {
  /** Waiting conversations (queued, left a message, assigned): always all of them, most urgent first. */
  'queue:list': (payload: z.infer<typeof EmptySchema>, ack: (res: QueueAck) => void) => void;
  /** Bot and resolved conversations, newest first, a page at a time. */
  'conversations:page': (payload: ConversationsPage, ack: (res: PageAck) => void) => void;
  /** Conversations with a message containing the query, newest first. */
  'conversations:search': (payload: Search, ack: (res: SearchAck) => void) => void;
  /** Opens (and watches) one conversation: its newest messages, notes and the visitor's history. */
  'conversation:open': (payload: ConversationRef, ack: (res: OpenAck) => void) => void;
  'messages:before': (payload: z.infer<typeof AgentMessagesBeforeSchema>, ack: (res: AgentPageAck) => void) => void;
  /** Take over: from queued, offline, bot, or resolved (a follow-up: it reopens, assigned). */
  'conversation:claim': (payload: ConversationRef, ack: (res: ConversationAck) => void) => void;
  /** Only the assigned agent: back to the queue, for someone else. */
  'conversation:release': (payload: ConversationRef, ack: (res: ConversationAck) => void) => void;
  /** Only the assigned agent, to another available agent, with a note they are shown. */
  'conversation:transfer': (payload: Transfer, ack: (res: ConversationAck) => void) => void;
  'conversation:resolve': (payload: ConversationRef, ack: (res: ConversationAck) => void) => void;
  'message:send': (payload: AgentSend, ack: (res: AgentSendAck) => void) => void;
  'note:add': (payload: NoteAdd, ack: (res: NoteAck) => void) => void;
  'agent:status': (payload: z.infer<typeof AgentStatusChangeSchema>, ack: (res: StatusAck) => void) => void;
  'canned:list': (payload: z.infer<typeof EmptySchema>, ack: (res: CannedListAck) => void) => void;
  'canned:save': (payload: CannedSave, ack: (res: CannedSaveAck) => void) => void;
  'canned:delete': (payload: z.infer<typeof CannedDeleteSchema>, ack: (res: Ack) => void) => void;
  'visitor:flag': (payload: VisitorFlagChange, ack: (res: FlagsAck) => void) => void;
  'visitor:unflag': (payload: VisitorFlagChange, ack: (res: FlagsAck) => void) => void;
  typing: (payload: z.infer<typeof AgentTypingSchema>) => void;
  /** One conversation's mail, or the outbox's failed and waiting rows; with whether mail is on. */
  'mail:list': (payload: z.infer<typeof MailListSchema>, ack: (res: MailListAck) => void) => void;
  /** A failed mail queued again from scratch. */
  'mail:retry': (payload: z.infer<typeof MailRefSchema>, ack: (res: MailRetryAck) => void) => void;
  /** This agent's opt-in to mail about messages left while nobody was online. */
  'mail:notify': (payload: z.infer<typeof MailNotifySchema>, ack: (res: MailNotifyAck) => void) => void;
  /** Admins only: the rating follow-up by mail, on or off. */
  'mail:settings': (payload: z.infer<typeof MailSettingsSchema>, ack: (res: MailSettingsAck) => void) => void;
}

export interface AgentServerEvents {
  /** A waiting conversation changed (new, queued, claimed, resolved, new message), or any left the bot. */
  'conversation:upsert': (conversation: ConversationSummary) => void;
  /** To consoles showing the conversation and to its assigned agent. */
  'message:new': (message: AgentMessage) => void;
  'note:new': (note: Note) => void;
  typing: (payload: { conversationId: string; typing: boolean }) => void;
  /** The roster changed: someone's status, presence or number of chats. */
  'agent:update': (agent: AgentState) => void;
  /** Something needs this agent: a chat assigned or transferred to them, or one waiting with nobody free. */
  alert: (alert: Alert) => void;
  'canned:update': (responses: CannedResponse[]) => void;
  /** The business hours opened or closed. */
  'desk:settings': (settings: DeskSettings) => void;
  /** A mail was given up on after its last attempt (or refused for good by the mail server). */
  'mail:failed': (mail: MailView) => void;
}
