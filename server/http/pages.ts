import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import express, { Router, type Request, type RequestHandler } from 'express';
import { REPO_ROOT } from '../config.ts';
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

/** The HTML pages, the loader and the built bundles. */
export function pages({ distDir, publicUrl, allowedOrigins }: PagesDeps): Router {
  const router = Router();
  const built = () => existsSync(join(distDir, 'widget.js'));

  // Every page here needs the bundles; without them say how to build rather than serve a broken page.
  const needsBuild: RequestHandler = (_req, res, next) => {
    if (built()) return next();
    res.status(503).type('html').set('Cache-Control', 'no-store').send(NOT_BUILT);
  };

  const html =
    (file: string, substitute = false): RequestHandler =>
    async (req, res) => {
      let body = await readFile(join(REPO_ROOT, file), 'utf8');
      if (substitute) body = body.replaceAll('%PARLEY_URL%', escapeHtml(publicUrlOf(req, publicUrl)));
      res.type('html').set('Cache-Control', 'no-cache').send(body);
    };

  router.get('/', pageHeaders(), needsBuild, html('demo/index.html', true));
  router.get('/agent', pageHeaders(), needsBuild, html('console/index.html'));
  router.get('/widget/frame', frameHeaders(allowedOrigins), needsBuild, html('widget/frame.html'));
  router.get('/widget.js', loaderHeaders(), needsBuild, (_req, res) => {
    // Short cache: the tag merchants paste never changes, the loader behind it may.
    res.set('Cache-Control', 'public, max-age=300').sendFile(join(distDir, 'widget.js'));
  });
  router.use(
    '/static',
    pageHeaders(),
    needsBuild,
    express.static(distDir, { index: false, fallthrough: true, setHeaders: (res) => res.setHeader('Cache-Control', 'no-cache') }),
  );
  return router;
}
