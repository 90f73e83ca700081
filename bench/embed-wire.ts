// `npm run bench:embed`: what the embed costs a merchant's page and a visitor, in real Chromium, on a host page
// of another site (test/support/host-page.ts) — compressed as Parley serves it against the same files sent
// uncompressed (a browser asking for `Accept-Encoding: identity`), side by side in one run, medians of --runs:
//
//   npx tsx bench/embed-wire.ts [--runs 5]
//
//  - body bytes over the wire before the visitor acts (the loader) and once the chat is open (loader, frame,
//    css, app, chunks, strings), as Chromium counted them; the socket's own polling traffic apart;
//  - the loader's main-thread time on the host page: compiling and running widget.js and its callbacks, from a
//    Chromium performance trace;
//  - cumulative layout shift on the host page (PerformanceObserver 'layout-shift', shifts after input excluded
//    as the metric defines), before and after opening;
//  - a returning visitor (same browser cache): bytes to open the chat again.
import { parseArgs } from 'node:util';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium, openChat } from '../test/support/browser.ts';
import { startHostPage } from '../test/support/host-page.ts';
import { startTestServer } from '../test/support/server.ts';
import { recordFetches, type Fetched } from '../test/support/wire.ts';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '5' } } });
const RUNS = Math.max(1, Number(values.runs));

type Mode = 'uncompressed' | 'compressed';

interface Run {
  beforeOpen: number;
  openChat: number;
  socketPolling: number;
  loaderMainThreadMs: number;
  clsBeforeOpen: number;
  clsAfterOpen: number;
  openMs: number;
  returningOpenChat: number;
}

interface TraceEvent {
  name: string;
  ph: string;
  ts: number;
  dur?: number;
  tid: number;
  args?: { data?: { url?: string; scriptName?: string; stackTrace?: Array<{ url?: string }> } };
}

const bundles = (list: Fetched[]) => list.filter((f) => !f.path.startsWith('/socket.io/'));
const sum = (list: Fetched[]) => list.reduce((n, f) => n + f.bodyBytes, 0);

/**
 * Main-thread milliseconds spent on the loader: trace events naming widget.js (its compile, its evaluation,
 * the callbacks it registered), nested ones counted once (the union of their intervals).
 */
function loaderTime(trace: { traceEvents: TraceEvent[] }, loaderUrl: string): number {
  const names = new Set(['EvaluateScript', 'v8.compile', 'v8.compileModule', 'FunctionCall', 'v8.evaluateModule', 'TimerFire', 'EventDispatch']);
  const ours = trace.traceEvents.filter((e) => {
    const d = e.args?.data;
    return e.ph === 'X' && e.dur !== undefined && (d?.url === loaderUrl || d?.scriptName === loaderUrl || d?.stackTrace?.[0]?.url === loaderUrl);
  });
  // The page's main thread is where the loader was evaluated (streaming parse happens on a worker, off it).
  const main = new Set(ours.filter((e) => e.name === 'EvaluateScript').map((e) => e.tid));
  const spans = ours
    .filter((e) => names.has(e.name) && main.has(e.tid))
    .map((e) => [e.ts, e.ts + e.dur!] as const)
    .sort((a, b) => a[0] - b[0]);
  let total = 0;
  let end = -Infinity;
  for (const [from, to] of spans) {
    if (to <= end) continue;
    total += to - Math.max(from, end);
    end = to;
  }
  return total / 1000;
}

const readCls = (page: Page) => page.evaluate(() => (window as unknown as { __cls: number }).__cls);

async function visit(browser: Browser, context: BrowserContext, parleyOrigin: string, hostUrl: string, trace: boolean) {
  const page = await context.newPage();
  const wire = recordFetches(page, parleyOrigin);
  if (trace) await browser.startTracing(page, { categories: ['devtools.timeline', 'v8', 'disabled-by-default-devtools.timeline'] });
  await page.goto(hostUrl);
  await page.getByRole('button', { name: 'Open chat' }).waitFor();
  const traced = trace ? (JSON.parse((await browser.stopTracing()).toString()) as { traceEvents: TraceEvent[] }) : null;
  const before = bundles(await wire.take());
  const clsBeforeOpen = await readCls(page);
  const started = performance.now();
  await openChat(page);
  const openMs = performance.now() - started;
  // Let the last responses' sizes arrive, and any late shift happen.
  await page.waitForTimeout(300);
  const after = await wire.take();
  return { page, before, after, traced, clsBeforeOpen, clsAfterOpen: await readCls(page), openMs };
}

async function run(browser: Browser, mode: Mode, parleyOrigin: string, hostUrl: string): Promise<Run> {
  const context = await browser.newContext({ locale: 'en-US', viewport: { width: 1100, height: 760 } });
  // Chromium lets a page's requests name their own Accept-Encoding: identity asks for the files as they are.
  if (mode === 'uncompressed') await context.setExtraHTTPHeaders({ 'accept-encoding': 'identity' });
  await context.addInitScript(() => {
    const w = window as unknown as { __cls: number };
    w.__cls = 0;
    new PerformanceObserver((list) => {
      for (const e of list.getEntries() as Array<PerformanceEntry & { value: number; hadRecentInput: boolean }>) if (!e.hadRecentInput) w.__cls += e.value;
    }).observe({ type: 'layout-shift', buffered: true });
  });
  const first = await visit(browser, context, parleyOrigin, hostUrl, true);
  const encodings = new Set(bundles([...first.before, ...first.after]).map((f) => f.encoding ?? 'identity'));
  const expected = mode === 'compressed' ? 'br' : 'identity';
  if (encodings.size !== 1 || !encodings.has(expected)) throw new Error(`${mode}: responses came as ${[...encodings].join(', ')}, not ${expected} only`);
  await first.page.close();
  const again = await visit(browser, context, parleyOrigin, hostUrl, false);
  await context.close();
  return {
    beforeOpen: sum(first.before),
    openChat: sum(first.before) + sum(bundles(first.after)),
    socketPolling: sum(first.after.filter((f) => f.path.startsWith('/socket.io/'))),
    loaderMainThreadMs: loaderTime(first.traced!, `${parleyOrigin}/widget.js`),
    clsBeforeOpen: first.clsBeforeOpen,
    clsAfterOpen: first.clsAfterOpen,
    openMs: first.openMs,
    returningOpenChat: sum(again.before) + sum(bundles(again.after)),
  };
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};

const server = await startTestServer();
const host = await startHostPage(server.url);
const browser = await launchChromium();
try {
  const origin = new URL(server.url).origin;
  const results: Record<Mode, Run[]> = { uncompressed: [], compressed: [] };
  // Alternating, so a busy moment on the machine falls on both.
  for (let i = 0; i < RUNS; i++) for (const mode of ['uncompressed', 'compressed'] as const) results[mode].push(await run(browser, mode, origin, host.url));

  const rows: Array<[string, keyof Run, (n: number) => string]> = [
    ['bytes before the visitor acts (body, on the wire)', 'beforeOpen', (n) => `${(n / 1024).toFixed(2)} KB`],
    ['bytes once the chat is open (loader + frame + bundles)', 'openChat', (n) => `${(n / 1024).toFixed(2)} KB`],
    ['  socket.io polling before the websocket (apart)', 'socketPolling', (n) => `${n} B`],
    ['returning visitor: bytes to open the chat again', 'returningOpenChat', (n) => `${(n / 1024).toFixed(2)} KB`],
    ["loader's main-thread time on the host page", 'loaderMainThreadMs', (n) => `${n.toFixed(2)} ms`],
    ['layout shift on the host page before opening (CLS)', 'clsBeforeOpen', (n) => n.toFixed(4)],
    ['layout shift on the host page after opening (CLS)', 'clsAfterOpen', (n) => n.toFixed(4)],
    ['click to chat ready (ms, loopback: no network delay)', 'openMs', (n) => `${n.toFixed(0)} ms`],
  ];
  console.log(`\nembed on a host page of another site, real Chromium, median of ${RUNS} runs each (alternating)\n`);
  console.log(`${''.padEnd(58)}${'uncompressed'.padStart(14)}${'compressed'.padStart(14)}${'ratio'.padStart(9)}`);
  for (const [label, key, fmt] of rows) {
    const u = median(results.uncompressed.map((r) => r[key]));
    const c = median(results.compressed.map((r) => r[key]));
    const ratio = u === 0 ? (c === 0 ? '—' : '∞') : (c / u).toFixed(2);
    console.log(`${label.padEnd(58)}${fmt(u).padStart(14)}${fmt(c).padStart(14)}${ratio.padStart(9)}`);
  }
  console.log("\nThe loader is the same file both ways (brotli is decoded off the main thread): its two times differ by the machine's noise.");
  console.log('budgets (brotli, enforced by the build): 2 KB before the visitor acts, 30 KB once the chat is open');
} finally {
  await browser.close();
  await host.close();
  await server.close();
}
