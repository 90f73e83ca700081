import type { Socket } from 'socket.io';
import type { z } from 'zod';
import { errorAck } from '../../protocol/index.ts';
import type { RateLimiter } from '../auth/rate-limit.ts';
import { DeskError } from '../desk/errors.ts';
import { logFailure, type Logger } from '../log.ts';

type Reply = (res: unknown) => void;
type Fn = (...args: never[]) => void;

/** The payload a client sends with event E. */
type PayloadOf<F> = F extends (payload: infer P, ...rest: never[]) => void ? P : never;
/** What the handler returns: the ok-answer of E's acknowledgement without `ok`, or nothing for an event without one. */
type ResultOf<F> = F extends (...args: infer A) => void ? (A extends [unknown, (res: infer R) => void] ? Omit<Extract<R, { ok: true }>, 'ok'> : void) : never;

/**
 * Attaches handlers to one socket for one side's event map (protocol/…-events.ts), so an event name, its
 * payload schema and its acknowledgement are checked against the protocol at compile time.
 *
 * Whatever a client sends — a wrong shape, a string instead of an object, no ack function, extra
 * arguments — the payload is parsed with the protocol's zod schema, every throw is caught, and the client
 * gets `{ ok: true, …result }` or `{ ok: false, error: <code> }`. The server never crashes on a client's
 * bytes, and never tells a client more than a code.
 */
export function eventBinder<Events extends { [E in keyof Events]: Fn }>(socket: Socket, log: Logger) {
  return function on<E extends keyof Events & string, S extends z.ZodType<PayloadOf<Events[E]>>>(
    event: E,
    schema: S,
    handler: (payload: z.output<S>) => Promise<ResultOf<Events[E]>>,
    limiter?: RateLimiter,
  ): void {
    // Typed by the event map above; Socket.IO's own listener typing cannot follow a generic event name.
    (socket as unknown as { on(event: string, fn: (...args: unknown[]) => void): void }).on(event, async (...args: unknown[]) => {
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
        // Checked before anything else: an event over the limit gets `rate_limited` and does nothing.
        if (limiter && !(await limiter.take(event))) {
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
        logFailure(log, err, { event, socket: socket.id }, 'event handler failed');
        reply(errorAck('internal'));
      }
    });
  };
}
