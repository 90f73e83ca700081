import type { Namespace } from 'socket.io';
import type { AgentSessions } from '../auth/sessions.ts';
import { logFailure, type Logger } from '../log.ts';
import { sessionRoom } from './rooms.ts';

/** How often each node checks that its consoles' sessions are still live. */
export const SESSION_SWEEP_MS = 5_000;

// Ends the agent sockets of a session that ended. A sign-out on this node disconnects them at once,
// through the namespace so every node's sockets go once an adapter joins the nodes. What another process
// ends — a session expiring, a sign-out on a node without an adapter, `parley agent remove` run from a
// shell — each node notices twice: the next event of such a socket is refused (agent.ts checks the
// session per event), and this sweep disconnects idle ones within SESSION_SWEEP_MS, so a removed agent's
// open console stops receiving the team's conversations.

/** A session ended on this node (sign-out): its sockets end now, on every node. */
export function endSessionSockets(nsp: Namespace, tokenHash: string): void {
  nsp.in(sessionRoom(tokenHash)).disconnectSockets(true);
}

/** This node's sweep (see above); `stop()` at shutdown. */
export function startSessionSweep(nsp: Namespace, sessions: AgentSessions, log: Logger, everyMs = SESSION_SWEEP_MS): { stop(): void } {
  let sweeping = false;
  const sweep = async () => {
    if (sweeping) return;
    sweeping = true;
    try {
      const agentOf = new Map<string, string | undefined>();
      for (const socket of nsp.sockets.values()) {
        if (typeof socket.data.tokenHash === 'string') agentOf.set(socket.data.tokenHash, socket.data.agent?.id);
      }
      for (const [hash, agentId] of agentOf) {
        if (await sessions.isLive(hash)) continue;
        log.info({ agentId }, 'session ended elsewhere; disconnecting its consoles');
        nsp.local.in(sessionRoom(hash)).disconnectSockets(true);
      }
    } catch (err) {
      logFailure(log, err, {}, 'session sweep failed');
    } finally {
      sweeping = false;
    }
  };
  const timer = setInterval(() => void sweep(), everyMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
