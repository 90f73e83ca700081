import * as real from 'socket.io-parser';
import { describe, expect, it } from 'vitest';
import * as ours from '../../widget/app/socket-parser.ts';

// The widget's JSON-only codec must speak exactly the package's wire format (the server uses the package).

const packets: ours.Packet[] = [
  { type: 0, nsp: '/visitor' },
  { type: 0, nsp: '/visitor', data: { sid: 'abc' } },
  { type: 0, nsp: '/', data: { token: 'x' } },
  { type: 1, nsp: '/visitor' },
  { type: 2, nsp: '/visitor', data: ['typing', { typing: true }] },
  { type: 2, nsp: '/visitor', id: 0, data: ['session:hello', { token: null, locale: 'zh', page: null, afterSeq: 12, timeZone: 'Asia/Shanghai' }] },
  { type: 2, nsp: '/', id: 42, data: ['message:send', { text: '第 3 行, commas, 12 digits 345 and "quotes" / slashes\n', reply: null }] },
  { type: 3, nsp: '/visitor', id: 1234, data: [{ ok: true, messages: [], hasEarlier: false }] },
  { type: 3, nsp: '/visitor', id: 7, data: [{ ok: false, error: 'rate_limited' }] },
  { type: 4, nsp: '/visitor', data: { message: 'Not authorized' } },
];

const decodeWith = (Decoder: new () => { on(e: 'decoded', fn: (p: unknown) => void): unknown; add(s: unknown): void }, encoded: unknown) => {
  const d = new Decoder();
  let out: unknown;
  d.on('decoded', (p) => (out = p));
  d.add(encoded);
  return out;
};

describe('the widget socket.io packet codec', () => {
  it('encodes every packet the way socket.io-parser does', () => {
    for (const p of packets) expect(new ours.Encoder().encode(p)).toEqual(new real.Encoder().encode(p as real.Packet));
  });

  it("decodes the package's packets to the same objects", () => {
    for (const p of packets) {
      const [encoded] = new real.Encoder().encode(p as real.Packet);
      expect(decodeWith(ours.Decoder, encoded)).toEqual(decodeWith(real.Decoder, encoded));
    }
  });

  it('refuses binary and malformed packets (the client then reconnects)', () => {
    const binary = new real.Encoder().encode({ type: 2, nsp: '/visitor', data: ['file', new Uint8Array([1, 2])] } as real.Packet);
    expect(() => decodeWith(ours.Decoder, binary[0])).toThrow();
    expect(() => decodeWith(ours.Decoder, '9')).toThrow();
    expect(() => decodeWith(ours.Decoder, '2/visitor,["x",')).toThrow();
    expect(() => decodeWith(ours.Decoder, new Uint8Array([1]))).toThrow();
  });

  it('has the constants socket.io-client reads', () => {
    expect(ours.protocol).toBe(real.protocol);
    for (const [name, value] of Object.entries(ours.PacketType)) expect(real.PacketType[name as keyof typeof real.PacketType]).toBe(value);
  });
});
