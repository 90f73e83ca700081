import type { Socket } from 'socket.io';
import type { z } from 'zod';
import { errorAck } from '../../protocol/index.ts';
import type { RateLimiter } from '../auth/rate-limit.ts';
import { DeskError } from '../desk/errors.ts';
import type { Logger } from '../log.ts';

type Reply = (res: unknown) => void;

export interface BindOptions {
  /** Checked before anything else; an event over the limit gets `rate_limited` and does nothing. */
  limiter?: RateLimiter;
}

/**
 * The one way an event handler is attached. Whatever a client sends — a wrong shape, a string instead of
 * an object, no ack function, extra arguments — the payload is parsed with the protocol's zod schema,
 * every throw is caught, and the client gets `{ ok: true, …result }` or `{ ok: false, error: <code> }`.
 * The server never crashes on a client's bytes, and never tells a client more than a code.
 */
export function bindEvent<S extends z.ZodType>(
  socket: Socket,
  log: Logger,
  event: string,
  schema: S,
  handler: (payload: z.output<S>) => Promise<object | void>,
  opts: BindOptions = {},
): void {
  socket.on(event, async (...args: unknown[]) => {
    const last = args[args.length - 1];
    const ack = typeof last === 'function' ? (args.pop() as Reply) : null;
    const reply: Reply = (res) => {
      if (!ack) return;
      try {
        ack(res);
      } catch (err) {
        log.warn({ err, event }, 'ack failed');
      }
    };
    try {
      if (opts.limiter && !opts.limiter.take(event)) {
        log.debug({ event, socket: socket.id }, 'rate limited');
        return reply(errorAck('rate_limited'));
      }
      const parsed = schema.safeParse(args[0]);
      if (!parsed.success) {
        log.debug({ event, socket: socket.id, issues: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.code}`) }, 'invalid payload');
        return reply(errorAck('invalid_payload'));
      }
      const result = await handler(parsed.data);
      reply({ ok: true, ...(result ?? {}) });
    } catch (err) {
      if (err instanceof DeskError) {
        log.debug({ event, socket: socket.id, code: err.code }, 'refused');
        return reply(errorAck(err.code));
      }
      log.error({ err, event, socket: socket.id }, 'event handler failed');
      reply(errorAck('internal'));
    }
  });
}
