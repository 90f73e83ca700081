import { z } from 'zod';

/** Available agents get new handoffs; away agents keep their chats but get nothing new. */
export const AGENT_STATUSES = ['available', 'away'] as const;
export const AgentStatusSchema = z.enum(AGENT_STATUSES);
export type AgentStatus = z.infer<typeof AgentStatusSchema>;

/**
 * Admins manage the team (invite, remove), saved replies, business hours and visitors' data; agents
 * answer chats. The first account is an admin.
 */
export const AGENT_ROLES = ['agent', 'admin'] as const;
export const AgentRoleSchema = z.enum(AGENT_ROLES);
export type AgentRole = z.infer<typeof AgentRoleSchema>;

export interface AgentRef {
  id: string;
  name: string;
}

export interface AgentProfile extends AgentRef {
  email: string;
  /** What the console offers them; the server checks it again on every admin request. */
  role: AgentRole;
}

/** The signed-in agent as the console shows them: who, and the status switch in the header. */
export type AgentSelf = AgentProfile & { status: AgentStatus };

/** One row of the team roster: whom a conversation can be transferred to, and how busy they are. */
export interface AgentState {
  id: string;
  name: string;
  status: AgentStatus;
  /** A console of theirs has been heard from within the presence time-to-live. */
  online: boolean;
  /** Conversations assigned to them and not resolved. */
  chats: number;
}
