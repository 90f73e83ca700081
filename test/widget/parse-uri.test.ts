import { parse as packageParse } from 'engine.io-client';
import { describe, expect, it } from 'vitest';
import { parse } from '../../widget/app/parse-uri.ts';

// The widget's build swaps engine.io-client's regular-expression URL parser for widget/app/parse-uri.ts:
// for every address the chat connects to, the fields the two packages read must be the same.
const FIELDS = ['source', 'protocol', 'host', 'path', 'query', 'queryKey'] as const;
// URL drops a port that is the scheme's default; both packages put the default in for an empty port.
const port = (p: Record<string, unknown>) => p.port || (p.protocol === 'https' || p.protocol === 'wss' ? '443' : '80');

describe('the URL parser the widget uses instead of engine.io-client\'s', () => {
  it.each([
    'http://127.0.0.1:3000/visitor',
    'https://chat.example.com/visitor',
    'https://chat.example.com:443/visitor',
    'http://localhost/visitor?EIO=4&transport=polling',
    'https://[2001:db8::1]:8443/visitor',
    'https://chat.example.com/socket.io/',
  ])('reads %s as the package does', (url) => {
    const ours = parse(url);
    const theirs = packageParse(url) as Record<string, unknown>;
    for (const field of FIELDS) expect([field, ours[field]]).toEqual([field, theirs[field]]);
    expect(port(ours)).toBe(port(theirs));
  });
});
