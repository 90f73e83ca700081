import type { IncomingMessage } from 'node:http';
import type { Logger } from '../log.ts';

/**
 * Which browser pages may open a socket. Browsers name the page's origin on every WebSocket handshake and
 * cross-origin request, and a page cannot forge it; other clients can send anything, so this guards visitors'
 * and agents' browsers (cross-site WebSocket hijacking), not the server: that is what tokens and sessions do.
 */
export interface SocketOrigins {
  /** PARLEY_PUBLIC_URL's origin, else the server the request was sent to (its Host header). */
  publicUrl: string | null;
  /** PARLEY_ALLOWED_ORIGINS; ['*'] = any. */
  allowed: string[];
}

/** Parley's own origin: PARLEY_PUBLIC_URL's, or the Host this request was sent to. */
export function isOwnOrigin(origin: string, host: string | undefined, publicUrl: string | null): boolean {
  try {
    const o = new URL(origin);
    if (publicUrl && o.origin === new URL(publicUrl).origin) return true;
    return o.host === host;
  } catch {
    return false;
  }
}

/**
 * Socket.IO's allowRequest: a handshake whose Origin is neither Parley's own nor an allowed merchant's is
 * refused before any session exists (HTTP 403, `{"code":4,"message":"forbidden"}`). No Origin header:
 * allowed — browsers send one on every WebSocket and cross-origin request (a same-origin polling GET may
 * lack it), so its absence means the widget's own frame or a client that is not a browser.
 */
export function socketOriginCheck({ publicUrl, allowed }: SocketOrigins, log: Logger) {
  const any = allowed.includes('*');
  const listed = new Set(allowed);
  return (req: IncomingMessage, callback: (err: string | null | undefined, success: boolean) => void): void => {
    const origin = req.headers.origin;
    if (origin === undefined || any || listed.has(origin) || isOwnOrigin(origin, req.headers.host, publicUrl)) return callback(null, true);
    // At debug, as every client's mistake; an operator whose own pages are refused (a proxy that rewrites
    // Host, no PARLEY_PUBLIC_URL) finds the origin and host here.
    log.debug({ origin: origin.slice(0, 200), host: req.headers.host?.slice(0, 200) }, 'socket refused: origin not allowed');
    callback('forbidden', false);
  };
}
