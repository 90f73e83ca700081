import { createClient } from 'redis';
import type { Logger } from '../log.ts';
import { StartupError } from '../startup-error.ts';

/**
 * Commands held while Redis is away (the events other nodes will read once it is back); past this a long
 * outage drops the newest rather than grow without bound.
 */
const OFFLINE_QUEUE_MAX = 10_000;

// Reconnects quickly at first, then every 2 s for as long as Redis stays away.
const newClient = (url: string) =>
  createClient({
    url,
    socket: { reconnectStrategy: (attempt) => Math.min(100 * 2 ** attempt, 2_000), connectTimeout: 5_000 },
    pingInterval: 10_000,
    commandsQueueMaxLength: OFFLINE_QUEUE_MAX,
  });

export type RedisClient = ReturnType<typeof newClient>;

/** How long the start waits for Redis before it gives up with a line naming PARLEY_REDIS_URL. */
const START_TIMEOUT_MS = 10_000;

/** host:port of a Redis URL: what logs and errors may say (the URL may hold a password). */
export function redisAddress(url: string): string {
  const u = new URL(url);
  return `${u.hostname}:${u.port || 6379}`;
}

/**
 * This node's connection to Redis, connected. node-redis reconnects by itself for as long as the process
 * lives; an outage is logged once when it starts ("redis unavailable") and once when it ends ("redis is
 * back"), never once per failed attempt or per command, and `onBack` runs then. The offline queue stays
 * on: events published while Redis is away are sent when it is back (the limits do not wait for it: see
 * auth/redis-rate-limit.ts).
 */
export async function connectRedis(url: string, log: Logger, onBack: () => void = () => {}): Promise<RedisClient> {
  const address = redisAddress(url);
  const client = newClient(url);
  let down = false;
  let started = false;
  // Without an 'error' listener node-redis would throw, and the process would end, at the first outage.
  client.on('error', (err: Error) => {
    if (down || !started) return;
    down = true;
    log.warn({ redis: address, err: err.message }, 'redis unavailable; this node serves its own sockets and counts limits alone until it is back');
  });
  client.on('ready', () => {
    if (!down) return;
    down = false;
    log.info({ redis: address }, 'redis is back');
    onBack();
  });

  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new StartupError(`PARLEY_REDIS_URL: no answer from Redis at ${address} within ${START_TIMEOUT_MS / 1000} s; start Redis there, or unset PARLEY_REDIS_URL to run one node alone`)), START_TIMEOUT_MS);
  });
  try {
    await Promise.race([client.connect(), timeout]);
  } catch (err) {
    client.destroy();
    throw err;
  } finally {
    clearTimeout(timer);
  }
  started = true;
  return client;
}

/** Waits this long for commands still queued at shutdown (Redis may be away), then drops them. */
const CLOSE_GRACE_MS = 2_000;

/** Closes the client at shutdown without hanging on a Redis that is not there. */
export async function closeRedis(client: RedisClient): Promise<void> {
  const deadline = setTimeout(() => client.destroy(), CLOSE_GRACE_MS);
  try {
    await client.close();
  } catch {
    // Destroyed at the deadline: what was queued is dropped, which is what a shutdown without Redis means.
  } finally {
    clearTimeout(deadline);
  }
}
