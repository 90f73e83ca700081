import { createAgentDesk, type AgentDesk } from './agent-desk.ts';
import { createDeskContext, type DeskDeps } from './context.ts';
import { createKeyedLock } from './keyed-lock.ts';
import { createVisitorDesk, type VisitorDesk } from './visitor-desk.ts';

export interface Desk {
  visitor: VisitorDesk;
  agent: AgentDesk;
}

/** The conversation desk: everything that happens to a conversation, independent of sockets and HTTP. */
export function createDesk(deps: DeskDeps): Desk {
  const ctx = createDeskContext(deps, createKeyedLock());
  return { visitor: createVisitorDesk(ctx), agent: createAgentDesk(ctx) };
}
