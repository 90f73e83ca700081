import { io, type Socket } from 'socket.io-client';
import type { AgentClientEvents, AgentServerEvents } from '../protocol/agent-events.ts';
import type { ErrorAck } from '../protocol/errors.ts';

export type AgentSocket = Socket<AgentServerEvents, AgentClientEvents>;
type Event = keyof AgentClientEvents;
/** The events answered with an acknowledgement, with their payload and answer types. */
type Acked = { [E in Event]: Parameters<AgentClientEvents[E]> extends [unknown, (res: never) => void] ? E : never }[Event];
export type PayloadOf<E extends Acked> = Parameters<AgentClientEvents[E]>[0];
export type AnswerOf<E extends Acked> = Parameters<AgentClientEvents[E]> extends [unknown, (res: infer R) => void] ? R : never;
export type Request = <E extends Acked>(event: E, payload: PayloadOf<E>) => Promise<AnswerOf<E>>;

const ACK_TIMEOUT_MS = 10_000;

/** The console's one connection to /agent, authenticated by the session cookie on the handshake. */
export function connectAgentSocket(): { socket: AgentSocket; request: Request } {
  const socket: AgentSocket = io('/agent', { withCredentials: true, autoConnect: false });
  // A lost answer (timeout, dropped connection) reads as `internal`: the caller shows it and may retry.
  const lost: ErrorAck = { ok: false, error: 'internal' };
  const request: Request = (event, payload) =>
    (socket.timeout(ACK_TIMEOUT_MS) as unknown as { emitWithAck(e: string, p: unknown): Promise<never> }).emitWithAck(event, payload).catch(() => lost as never);
  return { socket, request };
}
