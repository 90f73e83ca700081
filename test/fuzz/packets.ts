import fc from 'fast-check';
import { anyValue, oddString } from './strings.ts';

// Socket.IO packets as they go over the wire, built by hand: the server's parser (socket.io-parser) sees
// what no well-behaved client sends — unknown packet types, attachment counts that never arrive or
// overflow, other namespaces, ids out of range, JSON cut short. Format: <type>[<n>-][<nsp>,][<id>][<json>].

export interface RawPacket {
  /** A text frame, or a binary one (an attachment nobody announced, or one that is). */
  frame: string | Uint8Array;
}

const type = fc.oneof({ arbitrary: fc.constantFrom('2', '3', '5', '6'), weight: 4 }, { arbitrary: fc.constantFrom('0', '1', '4', '7', '9', 'x', ''), weight: 1 });
const attachments = fc.oneof(
  { arbitrary: fc.constant(''), weight: 4 },
  { arbitrary: fc.constantFrom('1-', '2-', '10-', '11-', '0-', '-1-', '1e3-', '99999999999999999999-', 'x-', '-'), weight: 1 },
);
const nsp = fc.constantFrom('/visitor,', '/visitor,', '/agent,', '/', '/nope,', '', '/visitor', '/\u0000,', '//visitor,');
const id = fc.oneof({ arbitrary: fc.constant(''), weight: 3 }, { arbitrary: fc.constantFrom('1', '0', '-1', '1.5', '9007199254740993', '99999999999999999999999'), weight: 1 });
const data = fc.oneof(
  { arbitrary: anyValue.map((v) => JSON.stringify(v) ?? ''), weight: 2 },
  { arbitrary: fc.tuple(fc.constantFrom('session:hello', 'message:send', 'typing', 'queue:list', '__proto__', 'constructor', ''), anyValue).map(([e, v]) => JSON.stringify([e, v])), weight: 3 },
  { arbitrary: fc.constantFrom('[', '["session:hello",', '{"a":', '"x"', '[{"_placeholder":true,"num":0}]', '["typing",{"_placeholder":true,"num":99}]', '[]', '[1]', '[null]', 'null'), weight: 2 },
  { arbitrary: oddString, weight: 1 },
);

export const rawPacket: fc.Arbitrary<RawPacket> = fc.oneof(
  { arbitrary: fc.tuple(type, attachments, nsp, id, data).map(([t, a, n, i, d]): RawPacket => ({ frame: `${t}${a}${n}${i}${d}` })), weight: 12 },
  { arbitrary: fc.uint8Array({ maxLength: 64 }).map((b): RawPacket => ({ frame: b })), weight: 1 },
  { arbitrary: oddString.map((s): RawPacket => ({ frame: s })), weight: 1 },
);
