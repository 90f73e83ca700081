import type { Server as HttpServer } from 'node:http';
import { Server, type ServerOptions } from 'socket.io';
import { AGENT_NAMESPACE, MAX_PACKET_BYTES, VISITOR_NAMESPACE } from '../../protocol/index.ts';
import type { AddressLimits } from '../auth/address-limits.ts';
import type { TrustProxy } from '../auth/client-address.ts';
import type { AgentSessions } from '../auth/sessions.ts';
import type { VisitorTokens } from '../auth/visitor-token.ts';
import type { Desk } from '../desk/desk.ts';
import type { Notifier } from '../desk/notifier.ts';
import type { Logger } from '../log.ts';
import { attachAgentNamespace } from './agent.ts';
import { agentRoom, visitorRoom } from './rooms.ts';
import { endSessionSockets, startSessionSweep } from './session-end.ts';
import { createSocketNotifier } from './socket-notifier.ts';
import { attachVisitorNamespace } from './visitor.ts';

export interface Realtime {
  io: Server;
  /** Reaches the sockets on every node (through the adapter, when there is one). */
  notifier: Notifier;
  /** Reaches this node's sockets only: for what every node notices by itself (see desk/queue-watch.ts). */
  localNotifier: Notifier;
  /** Binds the namespaces' handlers to the desk (which itself needs the notifier, hence two steps). */
  attach(deps: RealtimeDeps): void;
  /** A session ended (sign-out): its console sockets are disconnected, on every node. */
  sessionRevoked(tokenHash: string): void;
  /** An account was removed: every console of theirs is disconnected, on every node. */
  agentRemoved(agentId: string): void;
  /** Visitors were erased: their widgets' sockets end, on every node (a reconnect starts a new visitor). */
  visitorsErased(visitorIds: string[]): void;
  /** Redis is back after an outage: this node's sockets reconnect and catch up on what may not have reached them. */
  resync(): void;
  /**
   * Closes every socket's connection (not a Socket.IO disconnect, after which clients would stay away):
   * widgets and consoles reconnect by themselves, behind a load balancer to another node.
   */
  close(): Promise<void>;
}

export interface RealtimeDeps {
  desk: Desk;
  tokens: VisitorTokens;
  sessions: AgentSessions;
  nodeId: string;
  publicUrl: string | null;
  log: Logger;
  trustProxy: TrustProxy;
  limits: AddressLimits;
}

/**
 * A console that vanished without closing (a laptop lid, a lost network) is noticed by the missing pong:
 * within PING_INTERVAL + PING_TIMEOUT its socket disconnects and the agent stops counting as online.
 */
const PING_INTERVAL_MS = 15_000;
const PING_TIMEOUT_MS = 10_000;

/** `adapter`: how nodes reach each other's sockets (realtime/redis-adapter.ts); none: one node, in memory. */
export function createRealtime(http: HttpServer, opts: { adapter?: ServerOptions['adapter'] } = {}): Realtime {
  const io = new Server(http, {
    ...(opts.adapter ? { adapter: opts.adapter } : {}),
    serveClient: false,
    maxHttpBufferSize: MAX_PACKET_BYTES,
    pingInterval: PING_INTERVAL_MS,
    pingTimeout: PING_TIMEOUT_MS,
    // The widget runs in our own iframe origin and the console on our own pages: no CORS needed.
    cors: undefined,
  });
  const visitors = io.of(VISITOR_NAMESPACE);
  const agents = io.of(AGENT_NAMESPACE);
  let running = true;
  let sweep: { stop(): void } | null = null;
  return {
    io,
    notifier: createSocketNotifier(visitors, agents),
    localNotifier: createSocketNotifier(visitors.local, agents.local),
    attach(deps) {
      attachVisitorNamespace(visitors, {
        desk: deps.desk.visitor,
        tokens: deps.tokens,
        log: deps.log.child({ ns: 'visitor' }),
        trustProxy: deps.trustProxy,
        limits: deps.limits,
      });
      attachAgentNamespace(agents, {
        desk: deps.desk.agent,
        sessions: deps.sessions,
        nodeId: deps.nodeId,
        publicUrl: deps.publicUrl,
        log: deps.log.child({ ns: 'agent' }),
        running: () => running,
      });
      sweep = startSessionSweep(agents, deps.sessions, deps.log.child({ ns: 'agent' }));
    },
    sessionRevoked: (tokenHash) => endSessionSockets(agents, tokenHash),
    agentRemoved: (agentId) => agents.in(agentRoom(agentId)).disconnectSockets(true),
    visitorsErased(visitorIds) {
      if (visitorIds.length > 0) visitors.in(visitorIds.map(visitorRoom)).disconnectSockets(true);
    },
    resync() {
      // What another node published in the moment Redis went down may be lost (a command in flight, or a
      // stream entry not yet read when a Redis without persistence restarted). Closing the transport, not
      // the namespace, lets clients reconnect by themselves: the widget's hello fetches the messages after
      // its last one, the console reloads its lists and open conversation — from the store, which has
      // everything acknowledged. Reconnects are spread by the clients' own randomised backoff.
      for (const nsp of [visitors, agents]) for (const socket of nsp.sockets.values()) socket.conn.close();
    },
    close() {
      running = false;
      sweep?.stop();
      // Closing every namespace's adapter ends the Redis adapter's reading connections (none in memory).
      for (const nsp of [io.sockets, visitors, agents]) void nsp.adapter.close();
      // The engine holds this process's connections only; closing them at the transport makes clients
      // reconnect (to another node). io.close() would also close the HTTP server: main does that, with a deadline.
      io.engine.close();
      return Promise.resolve();
    },
  };
}
