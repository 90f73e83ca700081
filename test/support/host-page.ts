import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface HostPage {
  /** http://localhost:<port>: another site than the Parley server on 127.0.0.1, as a merchant's shop is. */
  url: string;
  origin: string;
  close(): Promise<void>;
}

/**
 * A merchant's page on a server of its own: some text and the one tag a merchant pastes. For what only a
 * page on another origin shows — bytes a real embed costs, framing and socket origin rules. `parleyUrl` may
 * be a function, for a Parley server started after this page (to allow the page's origin).
 */
export async function startHostPage(parleyUrl: string | (() => string)): Promise<HostPage> {
  const page = (parley: string) => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>A shop</title>
<style>body{margin:0;font:16px/1.5 system-ui,sans-serif}main{max-width:40rem;margin:0 auto;padding:1rem}</style></head>
<body><main><h1>A shop</h1>${'<p>Plates, cups and bowls, made to last and sold with care. Delivery in three days.</p>'.repeat(20)}</main>
<script src="${parley}/widget.js" async></script></body></html>`;
  const server = createServer((req, res) => {
    if (req.url === '/' || req.url?.startsWith('/?')) res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' }).end(page(typeof parleyUrl === 'string' ? parleyUrl : parleyUrl()));
    else res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://localhost:${(server.address() as AddressInfo).port}`;
  return {
    url: `${origin}/`,
    origin,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
