import type { Namespace } from 'socket.io';
import {
  ContactSchema,
  HelloSchema,
  IdentifySchema,
  MessagesBeforeSchema,
  RatingSchema,
  TranscriptRequestSchema,
  TypingSchema,
  VisitorSendSchema,
  type VisitorClientEvents,
} from '../../protocol/index.ts';
import type { AddressLimits } from '../auth/address-limits.ts';
import { clientAddress, type TrustProxy } from '../auth/client-address.ts';
import { createRateLimiter } from '../auth/rate-limit.ts';
import type { VisitorTokens } from '../auth/visitor-token.ts';
import { DeskError } from '../desk/errors.ts';
import type { VisitorDesk, VisitorSession } from '../desk/visitor-desk.ts';
import type { Logger } from '../log.ts';
import { visitorRoom } from './rooms.ts';
import { eventBinder } from './validate.ts';

/** Only http(s) page addresses are kept: agents see them as links. */
function safePageUrl(url: string | undefined): string | null {
  if (!url) return null;
  try {
    const u = new URL(url);
    // A mail's resume token in the fragment is a key to the chat: never kept, never shown to agents.
    if (u.hash.includes('parley=')) u.hash = '';
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.href : null;
  } catch {
    return null;
  }
}

/** Only what Intl accepts as a zone: agents' consoles format the visitor's local time with it. */
function safeTimeZone(zone: string | null): string | null {
  if (!zone) return null;
  try {
    return new Intl.DateTimeFormat('en', { timeZone: zone }).resolvedOptions().timeZone;
  } catch {
    return null;
  }
}

export interface VisitorNamespaceDeps {
  desk: VisitorDesk;
  tokens: VisitorTokens;
  log: Logger;
  trustProxy: TrustProxy;
  limits: AddressLimits;
}

/** /visitor: the widget. session:hello binds the socket to one visitor; everything else needs it first. */
export function attachVisitorNamespace(nsp: Namespace, { desk, tokens, log, trustProxy, limits }: VisitorNamespaceDeps): void {
  // One address opening sockets faster than a shop's visitors do is refused before anything else runs;
  // the widget says so and tries again later (`rate_limited` is in the closed list of codes).
  nsp.use((socket, next) => {
    const address = clientAddress(socket.request, trustProxy);
    socket.data.address = address;
    limits.allow('connections', address).then(
      (allowed) => {
        if (allowed) return next();
        log.debug({ address }, 'connection refused: address over its limit');
        next(new Error('rate_limited'));
      },
      (err) => {
        log.error({ err }, 'connection limit check failed');
        next(new Error('internal'));
      },
    );
  });

  nsp.on('connection', (socket) => {
    const address = socket.data.address as string;
    let session: VisitorSession | null = null;
    const need = (): VisitorSession => {
      if (!session) throw new DeskError('not_ready');
      return session;
    };
    const on = eventBinder<VisitorClientEvents>(socket, log);
    // Per connection: a burst of 10 messages (an outbox flushing after a reconnect), then 2 per second.
    const sendLimit = createRateLimiter({ capacity: 10, perSecond: 2 });
    const chatter = createRateLimiter({ capacity: 20, perSecond: 5 });

    on('session:hello', HelloSchema, async (hello) => {
      const pageUrl = safePageUrl(hello.page?.url);
      // A mail's resume link makes this browser that visitor (their token is issued below); else the token.
      const claimed = tokens.resume(hello.resume) ?? tokens.verify(hello.token);
      if (session && session.visitorId !== claimed) await socket.leave(visitorRoom(session.visitorId));
      // Join before reading the history, so nothing sent in between is missed.
      if (claimed) await socket.join(visitorRoom(claimed));
      const result = await desk.hello({
        visitorId: claimed,
        locale: hello.locale,
        page: pageUrl ? { url: pageUrl, title: hello.page?.title ?? '' } : null,
        afterSeq: hello.afterSeq,
        timeZone: safeTimeZone(hello.timeZone),
        userAgent: socket.request.headers['user-agent'] ?? null,
        address,
      });
      if (claimed && claimed !== result.visitorId) await socket.leave(visitorRoom(claimed));
      session = { visitorId: result.visitorId, locale: hello.locale, pageUrl, address };
      await socket.join(visitorRoom(result.visitorId));
      return { token: tokens.sign(result.visitorId), ...result };
    }, chatter);

    on('message:send', VisitorSendSchema, (input) => desk.send(need(), input), sendLimit);
    on('messages:before', MessagesBeforeSchema, (input) => desk.before(need(), input), chatter);
    on('rating:send', RatingSchema, async (input) => desk.rate(need(), input).then(() => ({})), chatter);
    on('contact:send', ContactSchema, async (input) => desk.contact(need(), input).then(() => ({})), chatter);
    on('visitor:identify', IdentifySchema, async (input) => {
      const before = need();
      const { visitorId, verified } = await desk.identify(before, input);
      if (visitorId === before.visitorId) return { verified, token: null };
      // This socket now speaks for another visitor: it hears only that visitor's events from here on.
      await socket.leave(visitorRoom(before.visitorId));
      await socket.join(visitorRoom(visitorId));
      session = { ...before, visitorId };
      return { verified, token: tokens.sign(visitorId) };
    }, chatter);
    on('transcript:send', TranscriptRequestSchema, async (input) => desk.transcript(need(), input).then(() => ({})), chatter);
    on('typing', TypingSchema, async ({ typing }) => {
      if (session) await desk.typing(session, typing);
    }, chatter);
  });
}
