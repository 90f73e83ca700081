import type { Page } from 'playwright-core';

export interface Fetched {
  /** Path and query on the recorded origin. */
  path: string;
  status: number;
  /** Content-Encoding of the response, null for none. */
  encoding: string | null;
  /** Body bytes that crossed the network, as sent (compressed); 0 when the browser's cache answered. */
  bodyBytes: number;
}

/**
 * Every response from `origin` that `page` and its frames (the chat's iframe too) receive, with the bytes
 * Chromium counted on the wire. `take()` returns what arrived since the last take.
 */
export function recordFetches(page: Page, origin: string): { take(): Promise<Fetched[]> } {
  const pending: Promise<Fetched | null>[] = [];
  page.on('requestfinished', (request) => {
    const url = request.url();
    if (!url.startsWith(`${origin}/`)) return;
    pending.push(
      (async () => {
        const [response, sizes] = await Promise.all([request.response(), request.sizes()]);
        const headers = response ? await response.allHeaders() : {};
        // Chromium reports a cache hit as its header size taken from nothing: a negative body.
        return { path: url.slice(origin.length), status: response?.status() ?? 0, encoding: headers['content-encoding'] ?? null, bodyBytes: Math.max(0, sizes.responseBodySize) };
      })().catch(() => null), // the page closed while a request (a long poll) was still out
    );
  });
  return { take: async () => (await Promise.all(pending.splice(0))).filter((f): f is Fetched => f !== null) };
}

/** The figures the build wrote beside the bundles (esbuild.config.mjs): brotli bytes per budget. */
export interface BuildFigures {
  loader: number;
  openChat: Record<'en' | 'zh', number>;
  budgets: { loader: number; openChat: number };
}
