import type { Namespace } from 'socket.io';
import { ContactSchema, HelloSchema, RatingSchema, TypingSchema, VisitorSendSchema } from '../../protocol/index.ts';
import { createRateLimiter } from '../auth/rate-limit.ts';
import type { VisitorTokens } from '../auth/visitor-token.ts';
import { DeskError } from '../desk/errors.ts';
import type { VisitorDesk, VisitorSession } from '../desk/visitor-desk.ts';
import type { Logger } from '../log.ts';
import { visitorRoom } from './rooms.ts';
import { bindEvent } from './validate.ts';

/** Only http(s) page addresses are kept: agents see them as links. */
function safePageUrl(url: string | undefined): string | null {
  if (!url) return null;
  try {
    const u = new URL(url);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.href : null;
  } catch {
    return null;
  }
}

export interface VisitorNamespaceDeps {
  desk: VisitorDesk;
  tokens: VisitorTokens;
  log: Logger;
}

/** /visitor: the widget. session:hello binds the socket to one visitor; everything else needs it first. */
export function attachVisitorNamespace(nsp: Namespace, { desk, tokens, log }: VisitorNamespaceDeps): void {
  nsp.on('connection', (socket) => {
    let session: VisitorSession | null = null;
    const need = (): VisitorSession => {
      if (!session) throw new DeskError('not_ready');
      return session;
    };
    // Per connection: a burst of 10 messages (an outbox flushing after a reconnect), then 2 per second.
    const sendLimit = { limiter: createRateLimiter({ capacity: 10, perSecond: 2 }) };
    const chatter = { limiter: createRateLimiter({ capacity: 20, perSecond: 5 }) };

    bindEvent(socket, log, 'session:hello', HelloSchema, async (hello) => {
      const pageUrl = safePageUrl(hello.page?.url);
      const claimed = tokens.verify(hello.token);
      if (session && session.visitorId !== claimed) await socket.leave(visitorRoom(session.visitorId));
      // Join before reading the history, so nothing sent in between is missed.
      if (claimed) await socket.join(visitorRoom(claimed));
      const result = await desk.hello({ visitorId: claimed, locale: hello.locale, pageUrl, afterSeq: hello.afterSeq });
      if (claimed && claimed !== result.visitorId) await socket.leave(visitorRoom(claimed));
      session = { visitorId: result.visitorId, locale: hello.locale, pageUrl };
      await socket.join(visitorRoom(result.visitorId));
      return { token: tokens.sign(result.visitorId), ...result };
    }, chatter);

    bindEvent(socket, log, 'message:send', VisitorSendSchema, (input) => desk.send(need(), input), sendLimit);

    bindEvent(socket, log, 'rating:send', RatingSchema, async (input) => {
      await desk.rate(need(), input);
    }, chatter);

    bindEvent(socket, log, 'contact:send', ContactSchema, async (input) => {
      await desk.contact(need(), input);
    }, chatter);

    bindEvent(socket, log, 'typing', TypingSchema, async ({ typing }) => {
      if (session) await desk.typing(session, typing);
    }, chatter);
  });
}
