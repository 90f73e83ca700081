import { pino, type DestinationStream, type Logger } from 'pino';
import type { LogLevel } from './config.ts';

export type { Logger };

/**
 * Structured logs, one JSON object per line. Message texts, e-mail addresses and passwords never go
 * into logs at info level: log ids, codes and counts instead.
 */
export function createLogger(level: LogLevel, destination?: DestinationStream): Logger {
  return pino(
    {
      level,
      base: { name: 'parley' },
      // rawPacket: Node's HTTP parser errors carry the request's bytes, cookies included.
      redact: {
        paths: ['password', '*.password', 'email', '*.email', 'text', '*.text', 'token', '*.token', 'err.rawPacket', '*.rawPacket'],
        censor: '[redacted]',
      },
    },
    destination,
  );
}

/**
 * Logs a failure at error level — or at debug when the layer that raised it has logged it already (the
 * store logs an outage once when it starts, not once for every message refused while it lasts).
 */
export function logFailure(log: Logger, err: unknown, fields: Record<string, unknown>, msg: string): void {
  const logged = err instanceof Error && (err as { logged?: unknown }).logged === true;
  if (logged) log.debug({ ...fields, err: err.message }, msg);
  else log.error({ ...fields, err }, msg);
}
