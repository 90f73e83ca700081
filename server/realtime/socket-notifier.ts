import type { BroadcastOperator, Namespace } from 'socket.io';
import type { Notifier } from '../desk/notifier.ts';
import { AGENTS_ROOM, agentRoom, visitorRoom, watchRoom } from './rooms.ts';

/** A namespace (every node, with an adapter) or its `.local` (this node's sockets only). */
type Sockets = Namespace | BroadcastOperator<never, unknown>;

/** The desk's Notifier over Socket.IO rooms (and, with an adapter, across nodes). */
export function createSocketNotifier(visitors: Sockets, agents: Sockets): Notifier {
  // The event maps type every call on the desk's side; Socket.IO's own emit typing cannot follow a
  // generic event name, hence the one cast here.
  const emit = (target: { emit(event: string, ...args: unknown[]): boolean }, event: string, args: unknown[]) => void target.emit(event, ...args);
  return {
    toVisitor(visitorId, event, ...args) {
      emit(visitors.to(visitorRoom(visitorId)), event, args);
    },
    toAgents(event, ...args) {
      emit(agents.to(AGENTS_ROOM), event, args);
    },
    toAgent(agentId, event, ...args) {
      emit(agents.to(agentRoom(agentId)), event, args);
    },
    toConversation(conversationId, assigneeId, event, ...args) {
      // One emit to both rooms: a console in both (the assignee looking at it) gets the event once.
      const rooms = assigneeId ? [watchRoom(conversationId), agentRoom(assigneeId)] : [watchRoom(conversationId)];
      emit(agents.to(rooms), event, args);
    },
    async visitorConnected(visitorId) {
      try {
        return (await visitors.in(visitorRoom(visitorId)).fetchSockets()).length > 0;
      } catch {
        // Another node did not answer in time: better a mail too many than a reply nobody sees.
        return false;
      }
    },
  };
}
