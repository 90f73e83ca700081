import { createAdapter } from '@socket.io/redis-streams-adapter';
import type { Namespace } from 'socket.io';
import type { ClusterMessage } from 'socket.io-adapter';
import type { RedisClient } from '../redis/connect.ts';

/** Enough for minutes of a busy desk's events; older entries are trimmed (MAXLEN ~), the stream is no history. */
const STREAM_MAX_LEN = 10_000;

/**
 * Joins this node's Socket.IO server to the others through one Redis stream (`<prefix>:socket.io`): a
 * broadcast to a room reaches that room's sockets on every node. Chosen over the pub/sub adapter because
 * what is published while Redis restarts still arrives — each node reads the stream on from the last entry
 * it saw (bench/adapter.ts measures both).
 *
 * The adapter waits for Redis to take a broadcast before delivering it to this node's own sockets. While
 * Redis is away that wait would last the whole outage, so a broadcast then is handed to the client's
 * offline queue (sent, and read by the other nodes, once Redis is back) and delivered here at once: a node
 * keeps serving its own sockets.
 */
export function redisStreamsAdapter(client: RedisClient, prefix: string) {
  const make = createAdapter(client, {
    streamName: `${prefix}:socket.io`,
    channelPrefix: `${prefix}:socket.io`,
    sessionKeyPrefix: `${prefix}:socket.io:session:`,
    maxLen: STREAM_MAX_LEN,
    // A reading connection ends after its current blocking read: short, so a shutdown does not wait on it.
    blockTimeInMs: 1_000,
  });
  // A function, not an arrow: Socket.IO calls it with `new`.
  return function adapterFor(nsp: Namespace) {
    const adapter = make(nsp);
    const publish = adapter.doPublish.bind(adapter);
    adapter.doPublish = (message: ClusterMessage) => {
      const sent = publish(message);
      if (client.isReady) return sent;
      // Failures are the client's to report (connect.ts logs the outage once); the local delivery goes on.
      Promise.resolve(sent).catch(() => undefined);
      return Promise.resolve('');
    };
    return adapter;
  };
}
