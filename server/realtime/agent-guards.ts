import type { Socket } from 'socket.io';
import type { AgentClientEvents, AgentProfile } from '../../protocol/index.ts';
import type { AgentSessions } from '../auth/sessions.ts';
import { DeskError } from '../desk/errors.ts';
import type { Logger } from '../log.ts';
import { eventBinder } from './validate.ts';

type Bind = ReturnType<typeof eventBinder<AgentClientEvents>>;

/**
 * The console's two ways to bind an event. `on`: runs only while the socket's session is live — one signed
 * out on another node, expired, idle too long, or whose agent was removed is refused with `unauthorized`,
 * and the socket ends once the answer is on its way (setImmediate: after the acknowledgement is written).
 * `admin`: the same, and only while the session's agent is an admin as stored now; an agent is refused with
 * `forbidden` and keeps their socket.
 */
export function agentBinders(socket: Socket, sessions: AgentSessions, log: Logger): { on: Bind; admin: Bind } {
  const me = socket.data.agent as AgentProfile;
  const tokenHash = socket.data.tokenHash as string;
  const bind = eventBinder<AgentClientEvents>(socket, log);
  const guarded = (needsAdmin: boolean): Bind =>
    (event, schema, handler, limiter) =>
      bind(
        event,
        schema,
        async (input) => {
          const role = await sessions.liveRole(tokenHash);
          if (role === null) {
            log.info({ agentId: me.id, event }, 'session ended; disconnecting');
            setImmediate(() => socket.disconnect(true));
            throw new DeskError('unauthorized');
          }
          if (needsAdmin && role !== 'admin') {
            log.info({ agentId: me.id, event }, 'admin event refused');
            throw new DeskError('forbidden');
          }
          return handler(input);
        },
        limiter,
      );
  return { on: guarded(false), admin: guarded(true) };
}
