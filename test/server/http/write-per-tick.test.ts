import { createServer, request, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { writeOncePerTick } from '../../../server/http/write-per-tick.ts';

const servers: Array<ReturnType<typeof createServer>> = [];
afterEach(async () => {
  for (const s of servers.splice(0)) {
    s.closeAllConnections();
    await new Promise((r) => s.close(r));
  }
});

/** Everything the client has received so far, and a wait for it to reach a length. */
function received(res: IncomingMessage) {
  let text = '';
  const waiters: Array<() => void> = [];
  res.on('data', (b: Buffer) => {
    text += b.toString();
    for (const w of waiters.splice(0)) w();
  });
  return {
    text: () => text,
    async atLeast(n: number) {
      while (text.length < n) await new Promise<void>((r) => waiters.push(r));
      return text;
    },
  };
}

describe('writes gathered per tick', () => {
  it('sends what one tick wrote, in order, without waiting for a later write or the end of the response', async () => {
    let more: (() => void) | null = null;
    const server = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.flushHeaders();
      // Two writes in one tick, then nothing until the client has seen them.
      res.write('first ');
      res.write('second');
      more = () => {
        res.write(' third');
        setImmediate(() => res.end());
      };
    });
    writeOncePerTick(server);
    servers.push(server);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const { port } = server.address() as AddressInfo;
    const res = await new Promise<IncomingMessage>((resolve) => request({ port, host: '127.0.0.1', path: '/' }, resolve).end());
    const got = received(res);
    const ended = new Promise((r) => res.once('end', r));
    // Nothing more is written until both arrived: held back, they would never come.
    expect(await got.atLeast('first second'.length)).toBe('first second');
    more!();
    await ended;
    expect(got.text()).toBe('first second third');
  });
});
