import { describe, expect, it } from 'vitest';
import { AddressListError, parseAddressList } from '../../../server/auth/address-list.ts';

describe('address lists (exemptions, trusted proxies)', () => {
  it('hold single addresses, CIDR ranges of both families and the named ranges', () => {
    const list = parseAddressList('203.0.113.7, 10.0.0.0/8, 2001:db8::/32, loopback');
    for (const inside of ['203.0.113.7', '10.20.30.40', '2001:db8::1', '127.0.0.1', '::1', '::ffff:10.1.1.1']) expect(list.has(inside)).toBe(true);
    for (const outside of ['203.0.113.8', '11.0.0.1', '2001:db9::1', 'not an address', '']) expect(list.has(outside)).toBe(false);
  });

  it('are empty when nothing is listed', () => {
    expect(parseAddressList(' , ').empty).toBe(true);
    expect(parseAddressList('').has('127.0.0.1')).toBe(false);
  });

  it.each(['10.0.0.0/33', 'example.com', '10.0.0.0/x', '::1/129'])('refuse %s, saying why', (bad) => {
    expect(() => parseAddressList(bad)).toThrow(AddressListError);
  });
});
