import { Emitter } from '@socket.io/component-emitter';

// What socket.io-client needs of socket.io-parser, for JSON only: Parley's events never carry binary, so the
// package's attachment machinery (Blob/ArrayBuffer detection, packet deconstruction) stays out of the
// widget. esbuild.config.mjs substitutes this module for the package in the widget bundle; the wire format
// is the package's (protocol 5), checked against it in test/widget/socket-parser.test.ts.

export const protocol = 5;

export const PacketType = { CONNECT: 0, DISCONNECT: 1, EVENT: 2, ACK: 3, CONNECT_ERROR: 4, BINARY_EVENT: 5, BINARY_ACK: 6 } as const;

export interface Packet {
  type: number;
  nsp: string;
  id?: number;
  data?: unknown;
}

export class Encoder {
  /** `<type>[<nsp>,][<ack id>][<JSON>]`, e.g. `2/visitor,7["typing",{"typing":true}]`. */
  encode(p: Packet): string[] {
    return [`${p.type}${p.nsp && p.nsp !== '/' ? `${p.nsp},` : ''}${p.id ?? ''}${p.data != null ? JSON.stringify(p.data) : ''}`];
  }
}

// A binary packet (types 5 and 6) does not match: the manager treats the throw as a parse error and reconnects.
const PACKET = /^([0-4])(\/[^,]*)?,?(\d*)([^]*)$/;

export class Decoder extends Emitter<{}, {}, { decoded: (packet: Packet) => void }> {
  add(encoded: unknown): void {
    const m = typeof encoded === 'string' ? PACKET.exec(encoded) : null;
    if (!m) throw new Error('unsupported packet');
    const packet: Packet = { type: +m[1]!, nsp: m[2] || '/' };
    if (m[3]) packet.id = +m[3];
    if (m[4]) packet.data = JSON.parse(m[4]);
    this.emitReserved('decoded', packet);
  }

  destroy(): void {}
}
