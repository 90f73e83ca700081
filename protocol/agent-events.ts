import { z } from 'zod';
import type { Ack } from './errors.ts';
import type { AgentMessage } from './message.ts';
import type { AgentProfile, ConversationSummary } from './conversation.ts';
import { MessageTextSchema } from './visitor-events.ts';

/** Namespace the agent console connects to; the handshake carries the session cookie. */
export const AGENT_NAMESPACE = '/agent';

export const ConversationRefSchema = z.object({ conversationId: z.string().min(1).max(64) });
export type ConversationRef = z.infer<typeof ConversationRefSchema>;

export const AgentSendSchema = z.object({
  conversationId: z.string().min(1).max(64),
  clientId: z.uuid(),
  text: MessageTextSchema,
});
export type AgentSend = z.infer<typeof AgentSendSchema>;

export const QueueListSchema = z.object({}).strict();

export type QueueAck = Ack<{ me: AgentProfile; conversations: ConversationSummary[] }>;
export type OpenAck = Ack<{ conversation: ConversationSummary; messages: AgentMessage[] }>;
export type ConversationAck = Ack<{ conversation: ConversationSummary }>;
export type AgentSendAck = Ack<{ id: string; seq: number; createdAt: number }>;

export interface AgentClientEvents {
  /** Live conversations (bot, queued, assigned, offline) plus recently resolved ones, most urgent first. */
  'queue:list': (payload: z.infer<typeof QueueListSchema>, ack: (res: QueueAck) => void) => void;
  'conversation:open': (payload: ConversationRef, ack: (res: OpenAck) => void) => void;
  /** Take over: from queued, offline or bot (no need to wait for a handoff). */
  'conversation:claim': (payload: ConversationRef, ack: (res: ConversationAck) => void) => void;
  'message:send': (payload: AgentSend, ack: (res: AgentSendAck) => void) => void;
  'conversation:resolve': (payload: ConversationRef, ack: (res: ConversationAck) => void) => void;
  typing: (payload: ConversationRef & { typing: boolean }) => void;
}

export interface AgentServerEvents {
  /** Any change to a conversation an agent may see: new, queued, claimed, resolved, new last message. */
  'conversation:upsert': (conversation: ConversationSummary) => void;
  'message:new': (message: AgentMessage) => void;
  typing: (payload: { conversationId: string; typing: boolean }) => void;
}
