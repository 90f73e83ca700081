import { createAdapter } from '@socket.io/redis-streams-adapter';
import type { RedisClient } from '../redis/connect.ts';

/**
 * Joins this node's Socket.IO server to the others through one Redis stream (`<prefix>:socket.io`): a
 * broadcast to a room reaches that room's sockets on every node. Chosen over the pub/sub adapter because
 * a stream keeps what was published while a node's connection was down, and the node reads on from where
 * it stopped once Redis is back (bench/adapter.ts measures both). The stream is capped (MAXLEN ~) so it
 * holds minutes of events, not history.
 */
export function redisStreamsAdapter(client: RedisClient, prefix: string) {
  return createAdapter(client, {
    streamName: `${prefix}:socket.io`,
    channelPrefix: `${prefix}:socket.io`,
    sessionKeyPrefix: `${prefix}:socket.io:session:`,
    maxLen: 10_000,
  });
}
