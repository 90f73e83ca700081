import fc from 'fast-check';
import { MAX_PACKET_BYTES } from '../../protocol/index.ts';

// Strings a hostile or merely unusual client sends. Every generator here is bounded so one sample stays
// well under a socket packet unless it is meant to go over it (`packetSized`).

/** Characters that break naive code: lone surrogates, bidi controls, zero-width, NUL, BOM, combining marks. */
export const ODD_CHARS = [
  '\uD800', // lone high surrogate
  '\uDFFF', // lone low surrogate
  '\uDBFF\uDFFF', // the last code point
  '\u202E', // RIGHT-TO-LEFT OVERRIDE
  '\u202D',
  '\u2066', // LEFT-TO-RIGHT ISOLATE
  '\u2069',
  '\u061C', // ARABIC LETTER MARK
  '\u200B', // ZERO WIDTH SPACE
  '\u200D', // ZERO WIDTH JOINER
  '\u2060',
  '\uFEFF', // BOM
  '\u0000',
  '\u0007',
  '\u001B[31m',
  '\u0301', // combining acute
  '\u3000', // ideographic space (trimmed by String#trim)
  '\u00A0',
  '\r\n',
  '\t',
  '\u2028',
  '🙂',
  '👩🏽‍💻',
  '𝕏',
  '退货',
  'ﷺ',
  'Ω',
  'İ', // lower-cases to two code units
  'ß',
] as const;

/** Text that has bitten chat software before: markup, placeholders, format strings, look-alike links. */
export const ODD_TEXTS = [
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  'javascript:alert(1)',
  '{visitor.name}',
  '{agent.name}',
  '${process.exit()}',
  '%s%s%s%n',
  "' OR 1=1 --",
  '"; DROP TABLE messages; --',
  '\\',
  '__proto__',
  'constructor',
  'https://example.com@evil.example/',
  'раypal.com',
  'http://xn--ypal-43d9g.com/',
  'NaN',
  'null',
  '[]',
  '{}',
  'I want a real person!!',
  'where is my order?',
  'this is useless, I want to speak to a manager NOW',
  'handoff:yes',
  'intent:refund',
  '我要投诉，找人工',
] as const;

const piece = fc.oneof(
  { arbitrary: fc.constantFrom(...ODD_CHARS), weight: 3 },
  { arbitrary: fc.constantFrom(...ODD_TEXTS), weight: 2 },
  { arbitrary: fc.string({ unit: 'binary', maxLength: 12 }), weight: 3 },
  { arbitrary: fc.string({ maxLength: 12 }), weight: 2 },
);

/** A short string (at most ~200 UTF-16 units) mixing the pieces above; may be empty or blank. */
export const oddString = fc.array(piece, { maxLength: 8 }).map((parts) => parts.join(''));

/** A string that has at least one character String#trim keeps. */
export const nonBlank = (max: number) =>
  fc.tuple(fc.constantFrom('a', '退', '?', '🙂', 'ok', 'Hi'), oddString).map(([head, rest]) => (head + rest).slice(0, max));

/** Lengths either side of every bound in protocol/limits.ts and the schemas. */
const BOUNDARIES = [0, 1, 2, 3, 31, 32, 33, 40, 41, 63, 64, 65, 100, 101, 119, 120, 121, 254, 255, 256, 257, 299, 300, 301, 511, 512, 513, 999, 1000, 1001, 1999, 2000, 2001, 2047, 2048, 2049];

/**
 * A string of a boundary length in code points (zod counts those), in ASCII, a 3-byte script, an astral
 * character (two UTF-16 units, four bytes), a lone surrogate, blanks or zero-width spaces.
 */
export const boundaryString = fc
  .tuple(fc.constantFrom(...BOUNDARIES), fc.constantFrom('x', '退', '🙂', '\uD800', ' ', '\u200B'))
  .map(([n, unit]) => unit.repeat(n));

/** Near or over the 16 KB packet: the server drops such a connection (Socket.IO's maxHttpBufferSize). */
export const packetSized = fc.integer({ min: MAX_PACKET_BYTES - 512, max: MAX_PACKET_BYTES + 2048 }).map((n) => 'p'.repeat(n));

/** Any string a field might receive, short or long. */
export const anyString = fc.oneof(
  { arbitrary: oddString, weight: 6 },
  { arbitrary: boundaryString, weight: 3 },
  { arbitrary: packetSized, weight: 1 },
);

/** Numbers that break integer and range checks. */
export const oddNumber = fc.oneof(
  fc.constantFrom(0, -0, -1, 1, 1.5, 5, 6, 2 ** 31, 2 ** 53, 2 ** 53 + 2, -(2 ** 53), 1e308, 5e-324, Number.MAX_VALUE),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
);

/** Any value JSON (and Socket.IO's binary attachments) can carry. */
export const anyValue: fc.Arbitrary<unknown> = fc.oneof(
  { arbitrary: fc.jsonValue({ maxDepth: 3 }), weight: 6 },
  { arbitrary: anyString, weight: 2 },
  { arbitrary: oddNumber, weight: 1 },
  { arbitrary: fc.uint8Array({ maxLength: 64 }).map((b) => Buffer.from(b)), weight: 1 },
  { arbitrary: fc.constantFrom(null, true, false, [], {}, [[[[[]]]]]), weight: 1 },
);

/** Keys that a careless merge or lookup turns into something else. */
export const oddKey = fc.oneof(fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'ok', 'error', ''), oddString);

/** An e-mail address zod's z.email() accepts (fc.emailAddress allows some it does not). */
export const email = fc
  .tuple(fc.stringMatching(/^[a-z0-9]{1,20}$/), fc.stringMatching(/^[a-z0-9]{1,15}$/), fc.constantFrom('test', 'example', 'com', 'cn'))
  .map(([local, domain, tld]) => `${local}@${domain}.${tld}`);
