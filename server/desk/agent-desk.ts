import type { DeskContext } from './context.ts';
import { createAgentActions, type AgentActions } from './agent-actions.ts';
import { createAgentLists, type AgentLists } from './agent-lists.ts';
import { createAgentMail, type AgentMail } from './agent-mail.ts';
import { createAgentPresence, type AgentPresence } from './agent-presence.ts';
import { createAgentReplies, type AgentReplies } from './agent-replies.ts';
import { createCannedDesk, type CannedDesk } from './canned.ts';
import { createVisitorFlags, type VisitorFlags } from './visitor-flags.ts';

/** Everything an agent does, by concept; the realtime layer binds each event to one of these. */
export interface AgentDesk {
  lists: AgentLists;
  actions: AgentActions;
  replies: AgentReplies;
  presence: AgentPresence;
  canned: CannedDesk;
  flags: VisitorFlags;
  mail: AgentMail;
}

export function createAgentDesk(ctx: DeskContext): AgentDesk {
  return {
    lists: createAgentLists(ctx),
    actions: createAgentActions(ctx),
    replies: createAgentReplies(ctx),
    presence: createAgentPresence(ctx),
    canned: createCannedDesk(ctx),
    flags: createVisitorFlags(ctx),
    mail: createAgentMail(ctx),
  };
}
