import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { clientAddress, parseTrustProxy } from '../../../server/auth/client-address.ts';

const request = (remoteAddress: string, forwarded?: string) =>
  ({ socket: { remoteAddress }, headers: forwarded === undefined ? {} : { 'x-forwarded-for': forwarded } }) as unknown as IncomingMessage;

describe('the client address', () => {
  it('is the connecting address when no proxy is trusted, whatever X-Forwarded-For claims', () => {
    expect(clientAddress(request('198.51.100.9', '1.2.3.4'), parseTrustProxy(undefined))).toBe('198.51.100.9');
    expect(clientAddress(request('::ffff:198.51.100.9'), parseTrustProxy('false'))).toBe('198.51.100.9');
  });

  it('is what a trusted proxy reports, and no further back than the last hop it trusts', () => {
    const behindLoopback = parseTrustProxy('loopback');
    expect(clientAddress(request('127.0.0.1', '203.0.113.5'), behindLoopback)).toBe('203.0.113.5');
    // A spoofed first entry is ignored: only the hop our proxy added counts.
    expect(clientAddress(request('127.0.0.1', '6.6.6.6, 203.0.113.5'), behindLoopback)).toBe('203.0.113.5');
    // A connection that does not come from the proxy is the client itself.
    expect(clientAddress(request('198.51.100.9', '203.0.113.5'), behindLoopback)).toBe('198.51.100.9');
  });

  it('can trust a number of hops (a load balancer, then a CDN)', () => {
    expect(clientAddress(request('10.0.0.2', '6.6.6.6, 203.0.113.5, 10.0.0.1'), parseTrustProxy('2'))).toBe('203.0.113.5');
  });
});
