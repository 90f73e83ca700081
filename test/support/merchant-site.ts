import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';
import { CHROMIUM_FLAGS } from './browser.ts';

/**
 * A merchant's shop on a site of its own, the way Parley is deployed: a real HTTP server on 127.0.0.1 port 0,
 * visited as http://localhost:<port> — another site than Parley's http://127.0.0.1:<port>, so the chat is a
 * third-party frame (its own process, its storage partitioned by the shop's site). Every path is the demo
 * page with Parley's script tag, except /elsewhere: a page of the shop without the chat.
 */
export async function startMerchantSite(parleyUrl: string): Promise<{ url: string; close(): Promise<void> }> {
  const page = await (await fetch(`${parleyUrl}/`)).text();
  const server = createServer((req, res) => {
    res.setHeader('content-type', 'text/html; charset=utf-8');
    res.end(req.url?.startsWith('/elsewhere') ? '<!doctype html><title>Blog</title><p>No chat here.</p>' : page);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return { url: `http://localhost:${port}`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

/**
 * A visitor's own Chromium profile that allows third-party cookies, so a third-party frame gets storage
 * partitioned by the shop's site. Debian's Chromium in a fresh profile, and Playwright's throwaway contexts,
 * block third-party cookies and with them every byte of a third-party frame's storage.
 */
export async function launchVisitorProfile(): Promise<{ context: BrowserContext; close(): Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), 'parley-profile-'));
  mkdirSync(join(dir, 'Default'));
  writeFileSync(join(dir, 'Default', 'Preferences'), JSON.stringify({ profile: { cookie_controls_mode: 0, block_third_party_cookies: false } }));
  const context = await chromium.launchPersistentContext(dir, { executablePath: '/usr/bin/chromium', args: CHROMIUM_FLAGS, locale: 'en-US', viewport: { width: 1100, height: 760 } });
  return {
    context,
    async close() {
      await context.close();
      rmSync(dir, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 });
    },
  };
}
