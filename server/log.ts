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
