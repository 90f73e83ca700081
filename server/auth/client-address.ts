import type { IncomingMessage } from 'node:http';
import { isIP } from 'node:net';
import { AddressListError, parseAddressList } from './address-list.ts';

/**
 * Whether the hop at this address (0 = the one that connected to us) is a proxy we trust to tell the
 * truth in X-Forwarded-For. Express takes the same function as its "trust proxy" setting, so HTTP
 * (req.ip, req.secure) and sockets agree on who the client is.
 */
export type TrustProxy = (address: string, hop: number) => boolean;

/**
 * PARLEY_TRUST_PROXY: unset or "false" trusts nobody (the connecting address is the client); a number
 * trusts that many hops (a load balancer in front: 1); a list of addresses, CIDR ranges or loopback /
 * linklocal / uniquelocal trusts proxies at those addresses; "true" trusts every hop (only behind a proxy
 * that overwrites the header).
 */
export function parseTrustProxy(text: string | undefined): TrustProxy {
  const value = text?.trim().toLowerCase() ?? '';
  if (value === '' || value === 'false') return () => false;
  if (value === 'true') return () => true;
  if (/^\d+$/.test(value)) {
    const hops = Number(value);
    return (_address, hop) => hop < hops;
  }
  const list = parseAddressList(value);
  if (list.empty) throw new AddressListError('expected false, true, a number of proxies, or their addresses');
  return (address) => list.has(address);
}

/** "::ffff:10.0.0.1" (an IPv4 client on a dual-stack socket) is 10.0.0.1. */
const plain = (address: string) => (address.startsWith('::ffff:') && isIP(address.slice(7)) === 4 ? address.slice(7) : address);

/**
 * The client's address: walk from the connecting hop back through X-Forwarded-For while each hop is a
 * trusted proxy; the first untrusted one is the client (as Express computes req.ip).
 */
export function clientAddress(req: IncomingMessage, trust: TrustProxy): string {
  const hops = [req.socket.remoteAddress ?? ''];
  const forwarded = req.headers['x-forwarded-for'];
  const header = Array.isArray(forwarded) ? forwarded.join(',') : forwarded;
  if (header) hops.push(...header.split(',').map((s) => s.trim()).filter(Boolean).reverse());
  let i = 0;
  while (i < hops.length - 1 && trust(plain(hops[i]!), i)) i++;
  return plain(hops[i]!);
}
