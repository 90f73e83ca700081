import type { AgentServerEvents, VisitorServerEvents } from '../../protocol/index.ts';

type Args<M, E extends keyof M> = M[E] extends (...args: infer A) => void ? A : never;

/**
 * How the desk tells the outside world what changed, without knowing about sockets. The realtime layer
 * implements it with Socket.IO rooms (every tab of a visitor; every console, one agent's consoles, the
 * consoles showing one conversation), across nodes with an adapter.
 */
export interface Notifier {
  toVisitor<E extends keyof VisitorServerEvents>(visitorId: string, event: E, ...args: Args<VisitorServerEvents, E>): void;
  /** Every console. */
  toAgents<E extends keyof AgentServerEvents>(event: E, ...args: Args<AgentServerEvents, E>): void;
  /** Every console of one agent. */
  toAgent<E extends keyof AgentServerEvents>(agentId: string, event: E, ...args: Args<AgentServerEvents, E>): void;
  /** The consoles showing this conversation, and every console of the agent it is assigned to. */
  toConversation<E extends keyof AgentServerEvents>(conversationId: string, assigneeId: string | null, event: E, ...args: Args<AgentServerEvents, E>): void;
  /** Whether any tab of this visitor is connected (on any node); false when that cannot be told. */
  visitorConnected(visitorId: string): Promise<boolean>;
}
