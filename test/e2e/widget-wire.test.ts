import { readFileSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../server/config.ts';
import { launchChromium, openChat, widgetWords } from '../support/browser.ts';
import { startHostPage, type HostPage } from '../support/host-page.ts';
import { startTestServer, type TestServer } from '../support/server.ts';
import { recordFetches, type BuildFigures, type Fetched } from '../support/wire.ts';

// Issue 12: what a merchant's page and a visitor really download, counted by Chromium on the wire, against the
// budgets the build enforces — and a second visit that downloads no bundle again.

let server: TestServer;
let host: HostPage;
let browser: Browser;
const served: Array<{ path: string; status: number }> = [];
const figures = JSON.parse(readFileSync(`${REPO_ROOT}/dist/budgets.json`, 'utf8')) as BuildFigures;

beforeAll(async () => {
  server = await startTestServer({
    env: { LOG_LEVEL: 'debug' },
    logDestination: {
      write(line: string) {
        const entry = JSON.parse(line) as { msg: string; path: string; status: number };
        if (entry.msg === 'http') served.push({ path: entry.path, status: entry.status });
      },
    },
  });
  host = await startHostPage(server.url);
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await host?.close();
  await server?.close();
});

/** The bundles and pages, not the socket's own traffic (which depends on the conversation, not on the build). */
const bundles = (list: Fetched[]) => list.filter((f) => !f.path.startsWith('/socket.io/'));
const bytes = (list: Fetched[]) => bundles(list).reduce((n, f) => n + f.bodyBytes, 0);

describe('bytes on the wire', () => {
  it.each(['en', 'zh'] as const)('sends a merchant page the loader alone, brotli, within 2 KB; an open chat within 30 KB, as the build counts (%s)', async (locale) => {
    const context = await browser.newContext({ locale: locale === 'zh' ? 'zh-CN' : 'en-US' });
    const page = await context.newPage();
    const wire = recordFetches(page, new URL(server.url).origin);
    await page.goto(host.url);
    await page.getByRole('button', { name: widgetWords[locale].open }).waitFor();

    const beforeOpen = await wire.take();
    expect(bundles(beforeOpen).map((f) => f.path)).toEqual(['/widget.js']);
    expect(beforeOpen[0]!.encoding).toBe('br');
    expect(bytes(beforeOpen)).toBe(figures.loader);
    expect(bytes(beforeOpen)).toBeLessThanOrEqual(figures.budgets.loader);

    await openChat(page, locale);
    const atOpen: Fetched[] = [];
    // The app shows once its strings are in; the last responses' sizes may be reported a moment later.
    await expect.poll(async () => (atOpen.push(...(await wire.take())), bytes(beforeOpen) + bytes(atOpen))).toBe(figures.openChat[locale]);
    expect(bytes(beforeOpen) + bytes(atOpen)).toBeLessThanOrEqual(figures.budgets.openChat);
    for (const f of bundles(atOpen)) expect(f, f.path).toMatchObject({ status: 200, encoding: 'br' });
    await context.close();
  });

  it('serves a returning visitor every bundle from the browser cache: only the frame page is revalidated', async () => {
    const context = await browser.newContext({ locale: 'en-US' });
    const first = await context.newPage();
    await first.goto(host.url);
    await openChat(first);
    await first.close();

    served.length = 0;
    const page = await context.newPage();
    const wire = recordFetches(page, new URL(server.url).origin);
    await page.goto(host.url);
    await openChat(page);
    const fetched = bundles(await wire.take());

    // The server saw no bundle and no loader (fresh for five minutes), and answered the frame with a 304.
    const asked = served.filter((r) => !r.path.startsWith('/socket.io/'));
    expect(asked).toEqual([{ path: '/widget/frame', status: 304 }]);
    expect(fetched.map((f) => f.path).filter((p) => p.startsWith('/static/')).length).toBeGreaterThan(3);
    expect(bytes(fetched)).toBe(0);
    await context.close();
  });
});
