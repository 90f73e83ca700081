import { request } from 'node:http';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ask, launchChromium, openChat, widgetWords } from '../support/browser.ts';
import { startHostPage, type HostPage } from '../support/host-page.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

// Issue 12: PARLEY_ALLOWED_ORIGINS applies to sockets as it does to framing. A page on another site opening a
// socket to Parley — what a script on any page can try — is refused at the handshake; the widget on an allowed
// shop works; the console's namespace takes Parley's own pages only.

let browser: Browser;
let shop: HostPage;
let elsewhere: HostPage;
let strict: TestServer;
let open: TestServer;
const strictLog: Array<Record<string, unknown>> = [];

beforeAll(async () => {
  let parley = '';
  shop = await startHostPage(() => parley);
  elsewhere = await startHostPage(() => parley);
  strict = await startTestServer({
    env: { PARLEY_ALLOWED_ORIGINS: shop.origin, LOG_LEVEL: 'debug' },
    logDestination: { write: (line: string) => void strictLog.push(JSON.parse(line) as Record<string, unknown>) },
  });
  parley = strict.url;
  open = await startTestServer();
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await Promise.all([shop?.close(), elsewhere?.close(), strict?.close(), open?.close()]);
});

/**
 * From `page`, a WebSocket straight to Parley (Engine.IO v4, what socket.io-client sends) joining `namespace`:
 * 'refused' when the handshake fails, else the namespace's answer ('40…' joined, '44…' refused, with its code).
 */
function socketFrom(page: Page, parleyUrl: string, namespace: string): Promise<string> {
  const url = `${parleyUrl.replace(/^http/, 'ws')}/socket.io/?EIO=4&transport=websocket`;
  return page.evaluate(
    ([url, namespace]) =>
      new Promise<string>((resolve) => {
        const ws = new WebSocket(url!);
        ws.onerror = () => resolve('refused');
        ws.onmessage = (e) => {
          const data = String(e.data);
          if (data.startsWith('0{')) ws.send(`40${namespace},`);
          else if (data.startsWith(`40${namespace}`) || data.startsWith(`44${namespace}`)) {
            resolve(data.slice(0, 2) + data.slice(data.indexOf(',') + 1).replace(/"sid":"[^"]+"/, '"sid":"…"'));
            ws.close();
          }
        };
      }),
    [url, namespace],
  );
}

async function pageOn(host: HostPage): Promise<Page> {
  const page = await browser.newPage();
  await page.goto(host.url);
  return page;
}

describe('socket origins', () => {
  it('refuses a socket from a page whose origin is not allowed, at the handshake', async () => {
    const page = await pageOn(elsewhere);
    expect(await socketFrom(page, strict.url, '/visitor')).toBe('refused');
    await page.close();
  });

  it('says why in the handshake answer (403 with the code forbidden) and in the log', async () => {
    const res = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = request(`${strict.url}/socket.io/?EIO=4&transport=polling`, { headers: { origin: elsewhere.origin } }, (r) => {
        let body = '';
        r.on('data', (c) => (body += c));
        r.on('end', () => resolve({ status: r.statusCode!, body }));
      });
      req.on('error', reject);
      req.end();
    });
    expect(res.status).toBe(403);
    expect(JSON.parse(res.body)).toMatchObject({ message: 'forbidden' });
    // An operator whose own pages are refused (a proxy rewriting Host) finds why at debug.
    expect(strictLog).toContainEqual(expect.objectContaining({ msg: 'socket refused: origin not allowed', origin: elsewhere.origin }));
  });

  it('lets an allowed shop open a visitor socket, and its visitors chat through the widget', async () => {
    const page = await pageOn(shop);
    expect(await socketFrom(page, strict.url, '/visitor')).toBe('40{"sid":"…"}');
    const chat = await openChat(page);
    await ask(chat, 'hello');
    // Shown at once with "Sending…", which goes when the server acknowledged it over the frame's socket.
    const log = chat.getByRole('log');
    await log.getByText('hello', { exact: true }).waitFor();
    await log.getByText(widgetWords.en.sending).waitFor({ state: 'detached' });
    await page.close();
  });

  it("keeps the console's socket to Parley's own pages, even from an allowed shop", async () => {
    const page = await pageOn(shop);
    expect(await socketFrom(page, strict.url, '/agent')).toBe('44{"message":"forbidden"}');
    await page.close();
  });

  it('with the default * lets any page open a visitor socket, as before, but never the console one', async () => {
    const page = await pageOn(elsewhere);
    expect(await socketFrom(page, open.url, '/visitor')).toBe('40{"sid":"…"}');
    expect(await socketFrom(page, open.url, '/agent')).toBe('44{"message":"forbidden"}');
    await page.close();
  });
});
