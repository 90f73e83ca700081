import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../../server/log.ts';
import { isOwnOrigin, socketOriginCheck, type SocketOrigins } from '../../../server/realtime/origins.ts';

// Which pages may open a socket (server/realtime/origins.ts), decided on the handshake's headers alone.

const log = createLogger('silent');

function decide(origins: SocketOrigins, headers: Record<string, string>): 'allowed' | 'forbidden' {
  let result: 'allowed' | 'forbidden' | null = null;
  socketOriginCheck(origins, log)({ headers } as IncomingMessage, (err, ok) => {
    result = ok ? 'allowed' : (err as 'forbidden');
  });
  return result!;
}

const shopOnly: SocketOrigins = { publicUrl: null, allowed: ['https://shop.example'] };

describe('socket origins', () => {
  it.each([
    ['Parley’s own page (Origin matches Host)', { origin: 'https://chat.example', host: 'chat.example' }, 'allowed'],
    ['an allowed shop', { origin: 'https://shop.example', host: 'chat.example' }, 'allowed'],
    ['another site', { origin: 'https://evil.example', host: 'chat.example' }, 'forbidden'],
    ['an allowed host on another scheme', { origin: 'http://shop.example', host: 'chat.example' }, 'forbidden'],
    ['an allowed host on another port', { origin: 'https://shop.example:8443', host: 'chat.example' }, 'forbidden'],
    ['an opaque origin (sandboxed frame, file://)', { origin: 'null', host: 'chat.example' }, 'forbidden'],
    ['garbage', { origin: '%%%', host: 'chat.example' }, 'forbidden'],
    ['no Origin (not a browser, or a same-origin polling GET)', { host: 'chat.example' }, 'allowed'],
  ])('with a list: %s → %s', (_name, headers, expected) => {
    expect(decide(shopOnly, headers)).toBe(expected);
  });

  it('takes PARLEY_PUBLIC_URL as Parley’s own origin when a proxy rewrote Host', () => {
    const behindProxy: SocketOrigins = { publicUrl: 'https://chat.example', allowed: ['https://shop.example'] };
    expect(decide(behindProxy, { origin: 'https://chat.example', host: 'parley-a:3000' })).toBe('allowed');
    expect(decide(shopOnly, { origin: 'https://chat.example', host: 'parley-a:3000' })).toBe('forbidden');
  });

  it('with the default * allows any page, as before', () => {
    expect(decide({ publicUrl: null, allowed: ['*'] }, { origin: 'https://evil.example', host: 'chat.example' })).toBe('allowed');
  });

  it('knows its own origin by scheme, host and port', () => {
    expect(isOwnOrigin('https://chat.example', 'chat.example', null)).toBe(true);
    expect(isOwnOrigin('http://127.0.0.1:3000', '127.0.0.1:3000', null)).toBe(true);
    expect(isOwnOrigin('http://127.0.0.1:3001', '127.0.0.1:3000', null)).toBe(false);
    expect(isOwnOrigin('https://chat.example', undefined, 'https://chat.example/')).toBe(true);
    expect(isOwnOrigin('https://chat.example.evil', 'chat.example', 'https://chat.example')).toBe(false);
  });
});
