import type { Namespace } from 'socket.io';
import type { Notifier } from '../desk/notifier.ts';
import { AGENTS_ROOM, visitorRoom } from './rooms.ts';

/** The desk's Notifier over Socket.IO rooms (and, with an adapter, across nodes). */
export function createSocketNotifier(visitors: Namespace, agents: Namespace): Notifier {
  return {
    toVisitor(visitorId, event, ...args) {
      visitors.to(visitorRoom(visitorId)).emit(event, ...(args as [never]));
    },
    toAgents(event, ...args) {
      agents.to(AGENTS_ROOM).emit(event, ...(args as [never]));
    },
  };
}
