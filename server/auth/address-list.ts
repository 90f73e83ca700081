import { BlockList, isIP } from 'node:net';

/** Named ranges, as in Express's "trust proxy" setting. */
const NAMED: Record<string, string[]> = {
  loopback: ['127.0.0.1/8', '::1/128'],
  linklocal: ['169.254.0.0/16', 'fe80::/10'],
  uniquelocal: ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', 'fc00::/7'],
};

export class AddressListError extends Error {
  override name = 'AddressListError';
}

/** A set of addresses and ranges: "10.0.0.0/8, 203.0.113.7, ::1, loopback". */
export interface AddressList {
  has(address: string): boolean;
  readonly empty: boolean;
}

/** Parses a comma-separated list of IPs, CIDR ranges and the names loopback / linklocal / uniquelocal. */
export function parseAddressList(text: string): AddressList {
  const list = new BlockList();
  let count = 0;
  for (const item of text.split(',').map((s) => s.trim()).filter(Boolean)) {
    for (const entry of NAMED[item.toLowerCase()] ?? [item]) {
      const [address, bits] = entry.split('/');
      const family = isIP(address ?? '');
      if (!family) throw new AddressListError(`"${item}" is not an IP address, a CIDR range or one of ${Object.keys(NAMED).join(', ')}`);
      const type = family === 4 ? 'ipv4' : 'ipv6';
      if (bits === undefined) list.addAddress(address!, type);
      else {
        const prefix = Number(bits);
        if (!/^\d+$/.test(bits) || prefix > (family === 4 ? 32 : 128)) throw new AddressListError(`"${item}": /${bits} is not a prefix length for that address`);
        list.addSubnet(address!, prefix, type);
      }
      count++;
    }
  }
  return {
    empty: count === 0,
    has(address) {
      const family = isIP(address);
      return family !== 0 && list.check(address, family === 4 ? 'ipv4' : 'ipv6');
    },
  };
}
