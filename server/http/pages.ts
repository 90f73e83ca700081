import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Router, type Request, type RequestHandler } from 'express';
import { REPO_ROOT } from '../config.ts';
import { createAssets, type AssetManifest } from './assets.ts';
import { frameHeaders, loaderHeaders, pageHeaders } from './security.ts';

export interface PagesDeps {
  distDir: string;
  publicUrl: string | null;
  allowedOrigins: string[];
}

const NOT_BUILT = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Parley is not built yet</title></head>
<body style="font:16px/1.5 system-ui,sans-serif;max-width:40rem;margin:3rem auto;padding:0 1rem">
<h1>Parley is not built yet</h1>
<p>The widget and console bundles (<code>dist/</code>) are missing. Run</p>
<pre>npm run build</pre>
<p>(or <code>npm start</code>, which builds first), then reload this page.</p>
</body></html>`;

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The URL a merchant's script tag would point at: PARLEY_PUBLIC_URL, or this request's own origin. */
function publicUrlOf(req: Request, configured: string | null): string {
  return configured ?? `${req.protocol}://${req.host}`;
}

/** The HTML pages, the loader and the built bundles (server/http/assets.ts sends what the build wrote). */
export function pages({ distDir, publicUrl, allowedOrigins }: PagesDeps): Router {
  const router = Router();
  const assets = createAssets(distDir);

  // Every page here needs the bundles; without them say how to build rather than serve a broken page.
  const needsBuild: RequestHandler = (_req, res, next) => {
    if (assets.manifest()) return next();
    res.status(503).type('html').set('Cache-Control', 'no-store').send(NOT_BUILT);
  };

  // A file the manifest lists but the disk lost is the deploy's fault: say so rather than send half a page.
  const built =
    (file: (req: Request, manifest: AssetManifest) => string | null, cacheControl: string): RequestHandler =>
    (req, res, next) => {
      const name = file(req, assets.manifest()!);
      if (name && assets.send(req, res, name, cacheControl)) return;
      next(new Error(`dist/ lacks ${name ?? 'a file'} that dist/assets.json lists: rebuild (npm run build)`));
    };

  router.get('/', pageHeaders(), needsBuild, async (req, res) => {
    const body = (await readFile(join(REPO_ROOT, 'demo/index.html'), 'utf8')).replaceAll('%PARLEY_URL%', escapeHtml(publicUrlOf(req, publicUrl)));
    res.type('html').set('Cache-Control', 'no-cache').send(body);
  });
  // The HTML entry points name the hashed bundles of this build: revalidated on every load (no-cache + ETag).
  router.get('/agent', pageHeaders(), needsBuild, built((_req, m) => m.entries.console, 'no-cache'));
  // The frame's language by widget/app/main.tsx's rule, so the strings it preloads are those the app shows.
  router.get('/widget/frame', frameHeaders(allowedOrigins), needsBuild, built((req, m) => m.entries.frame[req.query.locale === 'zh' ? 'zh' : 'en'] ?? null, 'no-cache'));
  // Short cache: the tag merchants paste never changes, the loader behind it may; the ETag makes a
  // revalidation after five minutes a 304 of a few hundred bytes.
  router.get('/widget.js', loaderHeaders(), needsBuild, built((_req, m) => m.entries.loader, 'public, max-age=300'));
  router.get('/static/*file', pageHeaders(), needsBuild, (req, res) => {
    const file = (req.params as { file: string[] }).file.join('/');
    if (assets.sendStatic(req, res, file)) return;
    // A miss may be a name from another build during an upgrade: no cache (nor CDN) may keep the 404.
    res.status(404).type('text').set('Cache-Control', 'no-store').send('Not found');
  });
  return router;
}
