import type { AgentServerEvents, VisitorServerEvents } from '../../protocol/index.ts';

/**
 * How the desk tells the outside world what changed, without knowing about sockets. The realtime layer
 * implements it with Socket.IO rooms (every tab of a visitor; every connected agent).
 */
export interface Notifier {
  toVisitor<E extends keyof VisitorServerEvents>(visitorId: string, event: E, ...args: Parameters<VisitorServerEvents[E]>): void;
  toAgents<E extends keyof AgentServerEvents>(event: E, ...args: Parameters<AgentServerEvents[E]>): void;
}
