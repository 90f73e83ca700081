import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { MAX_PACKET_BYTES } from '../../protocol/index.ts';
import { anyValue, email, oddString } from './strings.ts';

// Requests to every route of docs/protocol.md's HTTP table (a test checks the table and this list agree):
// the documented method and others, odd paths and queries, bodies of JSON, non-JSON and over the limit,
// wrong and odd content types, compressed bodies both real and corrupt, odd cookies and headers.

export const ROUTES = [
  { method: 'GET', path: '/' },
  { method: 'GET', path: '/widget.js' },
  { method: 'GET', path: '/widget/frame' },
  { method: 'GET', path: '/agent' },
  { method: 'GET', path: '/static/*' },
  { method: 'GET', path: '/healthz' },
  { method: 'GET', path: '/readyz' },
  { method: 'POST', path: '/api/agent/login' },
  { method: 'POST', path: '/api/agent/logout' },
  { method: 'GET', path: '/api/agent/me' },
  { method: 'POST', path: '/api/agent/invite' },
  { method: 'POST', path: '/api/agent/invite/accept' },
  { method: 'GET', path: '/api/admin/team' },
  { method: 'POST', path: '/api/admin/team' },
  { method: 'POST', path: '/api/admin/team/:id/invite' },
  { method: 'PATCH', path: '/api/admin/team/:id' },
  { method: 'DELETE', path: '/api/admin/team/:id' },
  { method: 'GET', path: '/api/admin/hours' },
  { method: 'PUT', path: '/api/admin/hours' },
  { method: 'POST', path: '/api/admin/visitors/export' },
  { method: 'POST', path: '/api/admin/visitors/erase' },
  { method: 'POST', path: '/attachments' },
  { method: 'GET', path: '/attachments/:id' },
  { method: 'GET', path: '/attachments/:id/preview' },
  { method: 'GET', path: '/api/reports' },
  { method: 'GET', path: '/api/reports/conversations.csv' },
  { method: 'POST', path: '/api/reports/faq' },
  { method: 'GET', path: '/rate/*' },
  { method: 'POST', path: '/rate/*' },
] as const;

/**
 * A route's path made concrete: a parameter filled with an id that looks real, a wildcard's tail (a static
 * file's name, a rating link's token) with `tail`; what follows is fuzzed.
 */
const concrete = (path: string, tail: string) =>
  path.endsWith('/*') ? `${path.slice(0, -1)}${tail}` : path.replace(':id', '00000000-0000-4000-8000-000000000000');

/** "METHOD /path" of each row of the HTTP table in docs/protocol.md. */
export function documentedRoutes(markdown: string): string[] {
  const section = markdown.split(/^## HTTP$/m)[1] ?? '';
  return [...section.matchAll(/^\| `(GET|POST|PUT|PATCH|DELETE) ([^`]+)` \|/gm)].map((m) => `${m[1]} ${m[2]}`);
}

/** The account the HTTP fuzz signs in as (the test creates it), so some sign-ins succeed. */
export const AGENT_EMAIL = 'hal-fuzz@shop.test';
export const AGENT_PASSWORD = 'a long fuzz password';
/** Replaced just before sending by that agent's current session cookie. */
export const AGENT_COOKIE = '\u0000agent-cookie';

export interface FuzzRequest {
  route: string;
  method: string;
  path: string;
  headers: Record<string, string>;
  /** What the body is, for the statistics and the rules (an oversized body may be cut off). */
  bodyKind: 'none' | 'json' | 'login' | 'text' | 'bytes' | 'oversized' | 'nested' | 'bomb';
  body: string | Uint8Array | null;
  /** How the body was encoded for Content-Encoding: really compressed, or garbage claiming to be. */
  encoding: 'none' | 'real' | 'corrupt' | 'unknown';
}

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'HEAD'];

/** A path segment as sent on the wire: percent-encoded (node:http refuses raw spaces and controls), or a malformed escape. */
const segment = fc.oneof(
  oddString.map((s) => encodeURIComponent(s.replace(/[\uD800-\uDFFF]/g, 'x'))),
  fc.constantFrom('..', '%2e%2e', '..%2f..%2fpackage.json', '%00', '%E0%A4%A', '%', '%zz', '%C0%AE', '.env', 'widget.js', 'app.js', 'console', 'widget', '~', ';x=1', 'a'.repeat(300)),
);

const suffix = fc.oneof(
  { arbitrary: fc.constant(''), weight: 6 },
  { arbitrary: fc.constantFrom('/', '//', '/.', '?', '#', '%', '%00', ';', '.json', '/../healthz', '?__proto__[x]=1', '?host=javascript:alert(1)&locale=zh'), weight: 2 },
  { arbitrary: fc.array(fc.tuple(segment, segment), { maxLength: 4 }).map((kv) => `?${kv.map(([k, v]) => `${k}=${v}`).join('&')}`), weight: 2 },
  { arbitrary: fc.array(segment, { minLength: 1, maxLength: 3 }).map((s) => `/${s.join('/')}`), weight: 1 },
);

const staticPath = fc.oneof(
  fc.constantFrom('widget/app.js', 'console/app.js', 'widget.js', 'nope.js', '', '.', '../package.json', '..%2fpackage.json', '%2e%2e/%2e%2e/etc/passwd'),
  fc.array(segment, { minLength: 1, maxLength: 4 }).map((s) => s.join('/')),
);

const contentType = fc.oneof(
  { arbitrary: fc.constant('application/json'), weight: 6 },
  {
    arbitrary: fc.constantFrom(
      'application/json; charset=utf-8',
      'application/json; charset=utf-16',
      'application/json; charset=koi8-r',
      'application/json; charset=bogus',
      'application/json;;;',
      'APPLICATION/JSON',
      'application/vnd.api+json',
      'application/*',
      'text/plain',
      'text/html',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=----x',
      'multipart/form-data',
      'application/octet-stream',
      'garbage/;;;=',
      '',
      '*/*',
    ),
    weight: 4,
  },
);

/** `arb` in one case out of `oneIn`, otherwise null. */
const sometimes = <T>(arb: fc.Arbitrary<T>, oneIn: number) => fc.oneof({ arbitrary: fc.constant(null), weight: oneIn - 1 }, { arbitrary: arb, weight: 1 });

/** Header values node:http will send (latin-1 without controls), odd otherwise. */
const headerValue = fc.oneof(
  fc.constantFrom('', ' ', 'null', 'undefined', '\t', 'a'.repeat(4000), '%E0%A4%A', 'é', '=;=;', '"', "'", 'javascript:alert(1)', '127.0.0.1, ::1, garbage', '1e400'),
  fc.string({ unit: 'grapheme-ascii', maxLength: 60 }).map((s) => s.replace(/[\x00-\x1f\x7f]/g, '')),
);

const cookie = fc.oneof(
  { arbitrary: fc.constant(null), weight: 4 },
  { arbitrary: fc.constant(`parley_session=${AGENT_COOKIE}`), weight: 3 },
  {
    arbitrary: fc.constantFrom(
      'parley_session=',
      'parley_session=garbage',
      'parley_session=%E0%A4%A',
      'parley_session="quoted"',
      `parley_session=${'a'.repeat(5000)}`,
      'parley_session=a; parley_session=b',
      '__proto__=1; constructor=2',
      ';;;===;',
    ),
    weight: 2,
  },
  { arbitrary: headerValue, weight: 1 },
);

const oddHeaders = fc.dictionary(
  fc.constantFrom('origin', 'referer', 'x-forwarded-for', 'x-forwarded-proto', 'x-forwarded-host', 'forwarded', 'accept', 'accept-encoding', 'accept-language', 'user-agent', 'if-none-match', 'if-modified-since', 'range', 'x-http-method-override', 'expect', 'authorization', 'x-requested-with'),
  headerValue,
  { maxKeys: 4 },
);

const loginBody = fc.oneof(
  { arbitrary: fc.constant(JSON.stringify({ email: AGENT_EMAIL, password: AGENT_PASSWORD })), weight: 2 },
  {
    arbitrary: fc
      .record({
        email: fc.oneof({ arbitrary: fc.constant(AGENT_EMAIL), weight: 2 }, { arbitrary: email, weight: 2 }, { arbitrary: oddString, weight: 1 }, { arbitrary: anyValue, weight: 1 }),
        password: fc.oneof({ arbitrary: oddString, weight: 2 }, { arbitrary: fc.constantFrom('', 'x'.repeat(257), 'x'.repeat(10_000)), weight: 1 }, { arbitrary: anyValue, weight: 1 }),
      })
      .map((b) => JSON.stringify(b)),
    weight: 3,
  },
);

type Body = Pick<FuzzRequest, 'bodyKind' | 'body'>;
const body: fc.Arbitrary<Body> = fc.oneof(
  { arbitrary: fc.constant<Body>({ bodyKind: 'none', body: null }), weight: 3 },
  { arbitrary: loginBody.map((b): Body => ({ bodyKind: 'login', body: b })), weight: 4 },
  { arbitrary: anyValue.map((v): Body => ({ bodyKind: 'json', body: JSON.stringify(v) ?? 'undefined' })), weight: 3 },
  { arbitrary: fc.oneof(oddString, fc.constantFrom('{', '{"email":', 'null', '"str"', '1', 'a=1&b=2', '{"__proto__":{"polluted":1}}', '\uFEFF{}', '{}garbage')).map((b): Body => ({ bodyKind: 'text', body: b })), weight: 2 },
  { arbitrary: fc.uint8Array({ maxLength: 512 }).map((b): Body => ({ bodyKind: 'bytes', body: b })), weight: 1 },
  { arbitrary: fc.integer({ min: 16 * 1024 + 1, max: 4 * MAX_PACKET_BYTES }).map((n): Body => ({ bodyKind: 'oversized', body: JSON.stringify({ email: 'a@b.cn', password: 'x'.repeat(n) }) })), weight: 1 },
  { arbitrary: fc.integer({ min: 100, max: 5000 }).map((n): Body => ({ bodyKind: 'nested', body: '['.repeat(n) + ']'.repeat(n) })), weight: 1 },
);

const ENCODINGS = ['gzip', 'deflate', 'br', 'identity', 'x-garbage', 'gzip, deflate', 'GZIP', 'compress'] as const;
const encode = (name: string, bytes: Buffer): Buffer | null => {
  const n = name.toLowerCase();
  if (n === 'gzip') return gzipSync(bytes);
  if (n === 'deflate') return deflateSync(bytes);
  if (n === 'br') return brotliCompressSync(bytes);
  if (n === 'identity') return bytes;
  return null;
};

/** A request as the console or a browser sends it (the documented method, JSON, sometimes the session). */
const wellFormed: fc.Arbitrary<FuzzRequest> = fc
  .record({ route: fc.constantFrom(...ROUTES), staticPath, login: loginBody, withCookie: fc.boolean() })
  .map(({ route, staticPath, login, withCookie }): FuzzRequest => {
    const headers: Record<string, string> = withCookie ? { cookie: `parley_session=${AGENT_COOKIE}` } : {};
    const post = route.method === 'POST';
    if (post) headers['content-type'] = 'application/json';
    const body = route.path === '/api/agent/login' ? login : post ? '{}' : null;
    const path = concrete(route.path, staticPath);
    return { route: `${route.method} ${route.path}`, method: route.method, path, headers, bodyKind: route.path === '/api/agent/login' ? 'login' : body ? 'json' : 'none', body, encoding: 'none' };
  });

const oddRequest: fc.Arbitrary<FuzzRequest> = fc
  .record({
    route: fc.constantFrom(...ROUTES),
    otherMethod: sometimes(fc.constantFrom(...METHODS), 4),
    staticPath,
    suffix,
    contentType: fc.oneof({ arbitrary: fc.constant(null), weight: 1 }, { arbitrary: contentType, weight: 5 }),
    contentEncoding: sometimes(fc.constantFrom(...ENCODINGS), 5),
    corrupt: fc.boolean(),
    cookie,
    odd: sometimes(oddHeaders, 3).map((h) => h ?? {}),
    body,
  })
  .map((r): FuzzRequest => {
    const method = r.otherMethod ?? r.route.method;
    const path = concrete(r.route.path, r.staticPath) + r.suffix;
    const headers: Record<string, string> = { ...r.odd };
    if (r.contentType !== null) headers['content-type'] = r.contentType;
    if (r.cookie !== null) headers.cookie = r.cookie;
    let bodyBytes: string | Uint8Array | null = r.body.body;
    let encoding: FuzzRequest['encoding'] = 'none';
    if (r.contentEncoding !== null) {
      headers['content-encoding'] = r.contentEncoding;
      const raw = Buffer.from(bodyBytes ?? '');
      const encoded = encode(r.contentEncoding, raw);
      if (encoded === null) encoding = 'unknown';
      else if (r.corrupt && r.contentEncoding !== 'identity') {
        // Claims to be compressed; is not (or is cut short).
        encoding = 'corrupt';
        bodyBytes = raw.length ? Buffer.concat([encoded.subarray(0, Math.max(1, encoded.length >> 1)), Buffer.from('garbage')]) : Buffer.from('garbage!!');
      } else {
        encoding = 'real';
        bodyBytes = encoded;
      }
    }
    return { route: `${r.route.method} ${r.route.path}`, method, path, headers, bodyKind: r.body.bodyKind, body: bodyBytes, encoding };
  });

/** 8 MB of zeros in about 8 KB of gzip (or deflate): under the body limit on the wire, far over it inflated. */
let bombs: Record<'gzip' | 'deflate', Buffer> | null = null;
const bomb = fc.tuple(fc.constantFrom('gzip', 'deflate') as fc.Arbitrary<'gzip' | 'deflate'>, fc.constantFrom(...ROUTES.filter((r) => r.method === 'POST'))).map(([kind, route]): FuzzRequest => {
  bombs ??= { gzip: gzipSync(Buffer.alloc(8 << 20, 0x20)), deflate: deflateSync(Buffer.alloc(8 << 20, 0x20)) };
  return { route: `${route.method} ${route.path}`, method: 'POST', path: route.path, headers: { 'content-type': 'application/json', 'content-encoding': kind }, bodyKind: 'bomb', body: bombs[kind], encoding: 'real' };
});

export const fuzzRequest: fc.Arbitrary<FuzzRequest> = fc.oneof({ arbitrary: wellFormed, weight: 10 }, { arbitrary: oddRequest, weight: 30 }, { arbitrary: bomb, weight: 1 });

/** Malformed HTTP sent as raw bytes: node's parser must answer or close, and the server keep running. */
export const RAW_REQUESTS = [
  'GET / HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n\r\n',
  'GET / HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\nhello',
  'POST /api/agent/login HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nContent-Type: application/json\r\n\r\nZZZ\r\n{}\r\n0\r\n\r\n',
  'POST /api/agent/login HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\n0\r\n\r\n',
  'GET /%%%% HTTP/1.1\r\nHost: x\r\n\r\n',
  'GET /healthz HTTP/9.9\r\nHost: x\r\n\r\n',
  'BREW /healthz HTTP/1.1\r\nHost: x\r\n\r\n',
  `GET / HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`,
  'GET /healthz HTTP/1.1\r\nHost: x\r\nX-Bad\u0000Header: 1\r\n\r\n',
  'GET /socket.io/?EIO=4&transport=polling HTTP/1.1\r\nHost: x\r\n\r\n',
  'GET /socket.io/?EIO=4&transport=websocket HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: garbage\r\nSec-WebSocket-Version: 13\r\n\r\n',
  'GET /socket.io/?EIO=3&transport=polling HTTP/1.1\r\nHost: x\r\n\r\n',
  'POST /socket.io/?EIO=4&transport=polling&sid=nope HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\n40/x,',
  '\u0016\u0003\u0001\u0002\u0000\u0001\u0000\u0001\u00fc\u0003\u0003', // a TLS ClientHello on the plain port
  '\r\n\r\n\r\n',
  'GET / HTTP/1.1\r\n\r\n',
];
