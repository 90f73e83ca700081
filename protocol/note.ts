import type { AgentRef } from './agent.ts';

/**
 * A private note: agents only. Kept apart from messages (own table, own event), so no path that serves
 * visitors can carry one. `afterSeq` places it in the transcript: after the message with that seq.
 */
export interface Note {
  id: string;
  conversationId: string;
  afterSeq: number;
  author: AgentRef;
  text: string;
  createdAt: number;
}
