import { z } from 'zod';
import { AgentRoleSchema, type AgentProfile } from './agent.ts';
import { MAX_EMAIL_CHARS, MAX_NAME_CHARS } from './limits.ts';

// The admin's screens in the console: the team, business hours, visitors' data. Every route under
// /api/admin answers an agent with 403 `forbidden`.

const Email = z.string().trim().toLowerCase().max(MAX_EMAIL_CHARS).pipe(z.email());

/** One account on the team screen; `invited`: the invitation link was not used yet (no password). */
export interface TeamMember extends AgentProfile {
  invited: boolean;
  createdAt: number;
}

/** POST /api/admin/team — creates the account and returns its one-time link. */
export const InviteAgentSchema = z.object({
  email: Email,
  name: z.string().trim().min(1).max(MAX_NAME_CHARS),
  role: AgentRoleSchema.default('agent'),
});
export type InviteAgent = z.input<typeof InviteAgentSchema>;

/** The link an admin passes on to the person invited: `/agent#invite=<token>`. */
export interface InviteLink {
  url: string;
  expiresAt: number;
}

/** PATCH /api/admin/team/:id */
export const RoleChangeSchema = z.object({ role: AgentRoleSchema });

/** PUT /api/admin/hours — `spec` null or empty: always open. */
export const HoursSchema = z.object({
  spec: z.string().trim().max(500).nullable(),
  timeZone: z.string().trim().min(1).max(100),
});
export type Hours = z.infer<typeof HoursSchema>;
export interface HoursView extends Hours {
  open: boolean;
  opensAt: number | null;
}

/** GET /api/admin/visitors?email= (the JSON download) and POST /api/admin/visitors/erase */
export const VisitorEmailSchema = z.object({ email: Email });

/** What an erasure deleted. */
export interface ErasedView {
  visitors: number;
  conversations: number;
  messages: number;
  events: number;
  notes: number;
  flags: number;
}

const InviteToken = z.string().regex(/^[A-Za-z0-9_-]{20,100}$/);
/** POST /api/agent/invite — whom a link is for, before choosing a password. */
export const InviteCheckSchema = z.object({ token: InviteToken });
/** POST /api/agent/invite/accept — sets the password, uses up the link, signs in. */
export const AcceptInviteSchema = z.object({ token: InviteToken, password: z.string().min(8).max(256) });
