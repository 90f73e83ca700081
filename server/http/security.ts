import type { RequestHandler } from 'express';
import helmet from 'helmet';

type Directives = Record<string, string[]>;

// Written out in full (no helmet defaults) so nothing here surprises: e.g. the default
// upgrade-insecure-requests would break plain-http local installs.
function directives(frameAncestors: string[]): Directives {
  return {
    'default-src': ["'self'"],
    'script-src': ["'self'"],
    'style-src': ["'self'", "'unsafe-inline'"],
    // blob: for the chat's pictures, fetched with the visitor's token and shown from memory.
    'img-src': ["'self'", 'data:', 'blob:'],
    'font-src': ["'self'", 'data:'],
    'connect-src': ["'self'", 'ws:', 'wss:'],
    'frame-src': ["'self'"],
    'object-src': ["'none'"],
    'base-uri': ["'self'"],
    'form-action': ["'self'"],
    'frame-ancestors': frameAncestors,
  };
}

/** Headers for our own pages: nobody else may frame them. */
export function pageHeaders(): RequestHandler {
  return helmet({ contentSecurityPolicy: { useDefaults: false, directives: directives(["'self'"]) } });
}

/**
 * Headers for /widget/frame, which merchant pages embed: framing allowed from PARLEY_ALLOWED_ORIGINS
 * (X-Frame-Options cannot list origins, so it is left out and CSP frame-ancestors decides).
 */
export function frameHeaders(allowedOrigins: string[]): RequestHandler {
  const ancestors = allowedOrigins.includes('*') ? ['*'] : ["'self'", ...allowedOrigins];
  return helmet({
    contentSecurityPolicy: { useDefaults: false, directives: directives(ancestors) },
    frameguard: false,
  });
}

/**
 * Headers for /widget.js, loaded by <script> from any merchant page: Cross-Origin-Resource-Policy must let
 * other origins load it.
 */
export function loaderHeaders(): RequestHandler {
  return helmet({
    contentSecurityPolicy: false,
    crossOriginResourcePolicy: { policy: 'cross-origin' },
  });
}
