import fc from 'fast-check';
import type { z } from 'zod';
import {
  AGENT_STATUSES,
  AgentMessagesBeforeSchema,
  AgentSendSchema,
  AgentStatusChangeSchema,
  AgentTypingSchema,
  CannedDeleteSchema,
  CannedSaveSchema,
  ContactSchema,
  ConversationRefSchema,
  ConversationsPageSchema,
  EmptySchema,
  HelloSchema,
  IdentifySchema,
  MAX_COMMENT_CHARS,
  MAX_MESSAGE_CHARS,
  MAX_NAME_CHARS,
  MAX_TOKEN_CHARS,
  MessagesBeforeSchema,
  NoteAddSchema,
  PAGED_VIEWS,
  RatingSchema,
  SearchSchema,
  TransferSchema,
  MailListSchema,
  MailNotifySchema,
  MailRefSchema,
  MailSettingsSchema,
  TranscriptRequestSchema,
  TypingSchema,
  VisitorFlagSchema,
  VisitorSendSchema,
  type AgentClientEvents,
  type VisitorClientEvents,
} from '../../protocol/index.ts';
import { ref } from './refs.ts';
import { anyString, anyValue, boundaryString, email, nonBlank, oddKey, oddNumber, oddString } from './strings.ts';

// Every client→server event of both namespaces, each with the protocol's zod schema and a generator of
// payloads the schema accepts. The tables are typed by the protocol's event maps: an event added to
// VisitorClientEvents or AgentClientEvents and missing here (or one here the maps lack) fails `tsc`, and
// the suite's first test checks that the server answers every event listed (so none is left unbound).

type Payload = Record<string, unknown>;

export interface EventSpec {
  /** The schema the server parses this event's payload with (protocol/). */
  schema: z.ZodType;
  /** Payloads the schema accepts once references are resolved (checked by a test). */
  valid: fc.Arbitrary<Payload>;
}

type Table<Events> = { [E in keyof Events]-?: EventSpec };

const conversationId = fc.oneof({ arbitrary: ref('conversation'), weight: 8 }, { arbitrary: fc.string({ minLength: 1, maxLength: 64 }), weight: 1 });
const uuid = fc.oneof({ arbitrary: fc.uuid({ version: 4 }), weight: 4 }, { arbitrary: ref('clientId'), weight: 1 });
const seq = fc.oneof(fc.integer({ min: 1, max: 60 }), fc.constantFrom(1, 2 ** 31, Number.MAX_SAFE_INTEGER));
const nullable = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: null, freq: 3 });
const text = fc.oneof(nonBlank(MAX_MESSAGE_CHARS), boundaryString.filter((s) => s.trim().length >= 1 && [...s].length <= MAX_MESSAGE_CHARS));
const timeZone = fc.oneof(fc.constantFrom('Europe/Paris', 'Asia/Shanghai', 'UTC', 'America/Argentina/ComodRivadavia', 'Etc/GMT+14', 'Not/AZone', '../../etc/passwd'), oddString.map((s) => s.slice(0, 64)));
const pageUrl = fc.oneof(
  fc.webUrl({ withQueryParameters: true, withFragments: true }),
  fc.constantFrom('javascript:alert(1)', 'data:text/html,<b>x</b>', 'http://[::1', 'https://example.com@evil.example/', 'file:///etc/passwd', ''),
  oddString,
);

export const VISITOR_EVENTS = {
  'session:hello': {
    schema: HelloSchema,
    valid: fc.record({
      token: fc.oneof({ arbitrary: fc.constant(null), weight: 4 }, { arbitrary: ref('token'), weight: 3 }, { arbitrary: oddString.map((s) => s.slice(0, MAX_TOKEN_CHARS)), weight: 1 }),
      locale: fc.constantFrom('en', 'zh'),
      page: nullable(fc.record({ url: pageUrl, title: oddString.map((s) => s.slice(0, 300)) })),
      afterSeq: fc.oneof(fc.constant(0), fc.nat(60), fc.constant(Number.MAX_SAFE_INTEGER)),
      timeZone: nullable(timeZone),
      resume: nullable(oddString.map((s) => s.slice(0, 300))),
    }),
  },
  'message:send': {
    schema: VisitorSendSchema,
    valid: fc.record({
      clientId: uuid,
      text,
      reply: nullable(fc.oneof(fc.constantFrom('handoff:yes', 'handoff:no', 'intent:order_status', 'intent:', 'intent:__proto__'), oddString.map((s) => s.slice(0, 120)))),
      attachments: fc.array(uuid, { maxLength: 2 }),
    }),
  },
  'messages:before': { schema: MessagesBeforeSchema, valid: fc.record({ conversationId, beforeSeq: seq }) },
  'rating:send': {
    schema: RatingSchema,
    valid: fc.record({ conversationId, score: fc.integer({ min: 1, max: 5 }), comment: nullable(oddString.map((s) => s.slice(0, MAX_COMMENT_CHARS))) }),
  },
  'contact:send': { schema: ContactSchema, valid: fc.record({ email, name: nullable(oddString.map((s) => s.slice(0, MAX_NAME_CHARS))) }) },
  'visitor:identify': {
    schema: IdentifySchema,
    valid: fc.record({
      name: nullable(oddString.map((s) => s.slice(0, MAX_NAME_CHARS))),
      email: nullable(email),
      id: nullable(nonBlank(128).filter((s) => !/\p{Cc}/u.test(s))),
      hash: nullable(fc.stringMatching(/^[0-9a-f]{64}$/)),
    }),
  },
  'transcript:send': { schema: TranscriptRequestSchema, valid: fc.record({ conversationId, email }) },
  typing: { schema: TypingSchema, valid: fc.record({ typing: fc.boolean() }) },
} satisfies Table<VisitorClientEvents>;

const shortcut = fc.oneof(
  fc.constantFrom('hi', 'Thanks', '退货', 'ümlaut', 'a-b_c', 'x'.repeat(32), '9lives'),
  fc.stringMatching(/^[a-z0-9][a-z0-9_-]{0,31}$/),
);
const cursor = fc.oneof({ arbitrary: fc.constant(null), weight: 4 }, { arbitrary: ref('cursor'), weight: 2 }, { arbitrary: oddString.map((s) => s.slice(0, 100)), weight: 1 });
const label = fc.oneof(fc.constantFrom('vip', 'abusive', 'VIP ', 'İ', 'ß'), nonBlank(40));

export const AGENT_EVENTS = {
  'queue:list': { schema: EmptySchema, valid: fc.constant({}) },
  'conversations:page': { schema: ConversationsPageSchema, valid: fc.record({ view: fc.constantFrom(...PAGED_VIEWS), cursor }) },
  'conversations:search': {
    schema: SearchSchema,
    valid: fc.record({ query: fc.oneof(fc.constantFrom('order', 'refund', '退货', 'person', '%%', '_%', 'a"', '""', 'NEAR(a', '**', 'a OR b', 'x:y', '^ab'), nonBlank(100).filter((s) => [...s.trim()].length >= 2)), cursor }),
  },
  'conversation:open': { schema: ConversationRefSchema, valid: fc.record({ conversationId }) },
  'messages:before': { schema: AgentMessagesBeforeSchema, valid: fc.record({ conversationId, beforeSeq: seq }) },
  'conversation:claim': { schema: ConversationRefSchema, valid: fc.record({ conversationId }) },
  'conversation:release': { schema: ConversationRefSchema, valid: fc.record({ conversationId }) },
  'conversation:transfer': {
    schema: TransferSchema,
    valid: fc.record({
      conversationId,
      toAgentId: fc.oneof({ arbitrary: ref('agent'), weight: 4 }, { arbitrary: fc.string({ minLength: 1, maxLength: 64 }), weight: 1 }),
      note: nullable(oddString.map((s) => s.slice(0, 1000))),
    }),
  },
  'conversation:resolve': { schema: ConversationRefSchema, valid: fc.record({ conversationId }) },
  'message:send': { schema: AgentSendSchema, valid: fc.record({ conversationId, clientId: uuid, text, attachments: fc.array(uuid, { maxLength: 2 }) }) },
  'note:add': { schema: NoteAddSchema, valid: fc.record({ conversationId, text }) },
  'agent:status': { schema: AgentStatusChangeSchema, valid: fc.record({ status: fc.constantFrom(...AGENT_STATUSES) }) },
  'canned:list': { schema: EmptySchema, valid: fc.constant({}) },
  'canned:save': {
    schema: CannedSaveSchema,
    valid: fc.record({
      id: fc.oneof({ arbitrary: fc.constant(null), weight: 3 }, { arbitrary: ref('canned'), weight: 2 }, { arbitrary: fc.string({ minLength: 1, maxLength: 64 }), weight: 1 }),
      shortcut,
      text,
    }),
  },
  'canned:delete': { schema: CannedDeleteSchema, valid: fc.record({ id: fc.oneof(ref('canned'), fc.string({ minLength: 1, maxLength: 64 })) }) },
  'visitor:flag': { schema: VisitorFlagSchema, valid: fc.record({ visitorId: fc.oneof(ref('visitor'), fc.string({ minLength: 1, maxLength: 64 })), label }) },
  'visitor:unflag': { schema: VisitorFlagSchema, valid: fc.record({ visitorId: fc.oneof(ref('visitor'), fc.string({ minLength: 1, maxLength: 64 })), label }) },
  typing: { schema: AgentTypingSchema, valid: fc.record({ conversationId, typing: fc.boolean() }) },
  'mail:list': { schema: MailListSchema, valid: fc.record({ conversationId: nullable(conversationId) }) },
  'mail:retry': { schema: MailRefSchema, valid: fc.record({ id: fc.string({ minLength: 1, maxLength: 64 }) }) },
  'mail:notify': { schema: MailNotifySchema, valid: fc.record({ on: fc.boolean() }) },
  'mail:settings': { schema: MailSettingsSchema, valid: fc.record({ followUp: fc.boolean() }) },
} satisfies Table<AgentClientEvents>;

/** One field wrong: missing, the wrong type, an odd or over-long string, an odd number; or an extra key. */
function nearValid(valid: fc.Arbitrary<Payload>): fc.Arbitrary<unknown> {
  return valid.chain((payload) => {
    const keys = Object.keys(payload);
    const field = keys.length ? fc.constantFrom(...keys) : fc.constant('extra');
    const set = (key: string, value: unknown) => {
      const copy: Payload = { ...payload };
      // defineProperty, so "__proto__" becomes a key like any other (as JSON.parse makes it on the server).
      Object.defineProperty(copy, key, { value, enumerable: true, writable: true, configurable: true });
      return copy;
    };
    const options: fc.Arbitrary<unknown>[] = [
      fc.tuple(field, fc.oneof(anyString, oddNumber, anyValue)).map(([k, v]) => set(k, v)),
      fc.tuple(oddKey, anyValue).map(([k, v]) => set(k, v)),
      fc.constant(JSON.stringify(payload)),
      fc.constant([payload]),
    ];
    if (keys.length) options.push(field.map((k) => Object.fromEntries(Object.entries(payload).filter(([key]) => key !== k))));
    // A nested object (hello's page) gets a wrong field of its own.
    const nested = keys.filter((k) => payload[k] && typeof payload[k] === 'object' && !Array.isArray(payload[k]));
    if (nested.length) {
      options.push(
        fc.tuple(fc.constantFrom(...nested), oddKey, fc.oneof(anyString, anyValue)).map(([k, inner, v]) => set(k, { ...(payload[k] as Payload), [inner]: v })),
      );
    }
    return fc.oneof(...options);
  });
}

export type ArgShape = 'ack' | 'no-ack' | 'extra-args' | 'no-args';

/** One emit: the event, its arguments, and whether an acknowledgement function goes last. */
export interface Call {
  event: string;
  kind: 'valid' | 'near-valid' | 'garbage';
  shape: ArgShape;
  args: unknown[];
}

/** Calls of every event in a table: valid, near-valid and garbage payloads, with and without an ack. */
export function callsOf(table: Record<string, EventSpec>, extraEvents: string[] = []): fc.Arbitrary<Call> {
  const perEvent = Object.entries(table).map(([event, spec]) =>
    fc
      .tuple(
        fc.oneof(
          { arbitrary: spec.valid.map((p) => ['valid', p] as const), weight: 5 },
          { arbitrary: nearValid(spec.valid).map((p) => ['near-valid', p] as const), weight: 4 },
          { arbitrary: anyValue.map((p) => ['garbage', p] as const), weight: 2 },
        ),
        fc.oneof(
          { arbitrary: fc.constant<ArgShape>('ack'), weight: 12 },
          { arbitrary: fc.constant<ArgShape>('no-ack'), weight: 1 },
          { arbitrary: fc.constant<ArgShape>('extra-args'), weight: 1 },
          { arbitrary: fc.constant<ArgShape>('no-args'), weight: 1 },
        ),
        fc.array(anyValue, { minLength: 1, maxLength: 3 }),
      )
      .map(([[kind, payload], shape, extra]): Call => {
        const args = shape === 'no-args' ? [] : shape === 'extra-args' ? [payload, ...extra] : [payload];
        return { event, kind, shape, args };
      }),
  );
  // Events nobody binds (a typo, an old client, the other namespace's, a server→client name sent back) are
  // ignored. (socket.io-client refuses to emit its reserved names — connect, disconnect, … — itself.)
  const unknown = fc
    .tuple(fc.constantFrom(...extraEvents, 'no:such:event', 'message:new', 'conversation:update', '__proto__', 'hasOwnProperty'), anyValue)
    .map(([event, payload]): Call => ({ event, kind: 'garbage', shape: 'no-ack', args: [payload] }));
  return fc.oneof({ arbitrary: fc.oneof(...perEvent), weight: 20 }, { arbitrary: unknown, weight: 1 });
}
