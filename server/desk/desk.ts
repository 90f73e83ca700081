import { createAgentDesk, type AgentDesk } from './agent-desk.ts';
import { createDeskContext, type DeskContext, type DeskDeps } from './context.ts';
import { createKeyedLock } from './keyed-lock.ts';
import { createMailRatings, type MailRatings } from './rating.ts';
import { createVisitorDesk, type VisitorDesk } from './visitor-desk.ts';

export interface Desk {
  visitor: VisitorDesk;
  agent: AgentDesk;
  /** Ratings from follow-up mails' links (the HTTP pages in server/http/rating-pages.ts). */
  ratings: MailRatings;
  /** For the node's queue watch (server/desk/queue-watch.ts). */
  context: DeskContext;
}

/** The conversation desk: everything that happens to a conversation, independent of sockets and HTTP. */
export function createDesk(deps: DeskDeps): Desk {
  const context = createDeskContext(deps, createKeyedLock());
  return { visitor: createVisitorDesk(context), agent: createAgentDesk(context), ratings: createMailRatings(context), context };
}
