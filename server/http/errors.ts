import type { ErrorRequestHandler, RequestHandler } from 'express';
import { ZodError } from 'zod';
import type { ErrorCode } from '../../protocol/index.ts';
import { logFailure, type Logger } from '../log.ts';

const STATUS: Record<ErrorCode, number> = {
  invalid_payload: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  unavailable: 409,
  rate_limited: 429,
  too_large: 413,
  unsupported_type: 415,
  not_ready: 503,
  busy: 503,
  unverified: 403,
  internal: 500,
};

/**
 * A refusal with a protocol code; the error middleware turns it into `{ ok: false, error }`, plus `reason`
 * (our own words, never the client's bytes) when a person must know which part of the request to fix.
 */
export class HttpError extends Error {
  override name = 'HttpError';
  constructor(
    readonly code: ErrorCode,
    readonly reason?: string,
  ) {
    super(code);
  }
}

/** Unknown /api routes answer in JSON like the known ones. */
export const apiNotFound: RequestHandler = (_req, res) => {
  res.status(404).json({ ok: false, error: 'not_found' });
};

/**
 * What body-parser (and the static file server) reject is the client's doing: they raise http-errors with a
 * 4xx status — a typed one (`entity.parse.failed`, `encoding.unsupported`, …) or, when the body does not
 * inflate (a garbled gzip, deflate or br stream), an untyped 400 wrapping zlib's error. Only 5xx and
 * plain throws are ours.
 */
function clientFault(err: { status?: unknown; statusCode?: unknown; type?: unknown } | null | undefined): ErrorCode | null {
  if (err?.type === 'entity.too.large') return 'too_large';
  // Node's HTTP parser refused the request's framing (it has answered 400 itself): the client's doing.
  if (typeof (err as { code?: unknown } | null | undefined)?.code === 'string' && /^HPE_/.test((err as { code: string }).code)) return 'invalid_payload';
  const status = typeof err?.status === 'number' ? err.status : typeof err?.statusCode === 'number' ? err.statusCode : 0;
  if (status === 404) return 'not_found';
  if (status === 413) return 'too_large';
  if (status >= 400 && status < 500) return 'invalid_payload';
  return null;
}

/** The one error handler: maps what went wrong to a code; the details stay in the log. */
export function errorHandler(log: Logger): ErrorRequestHandler {
  return (err, req, res, _next) => {
    let code: ErrorCode;
    if (err instanceof HttpError) code = err.code;
    else if (err instanceof ZodError) code = 'invalid_payload';
    else code = clientFault(err) ?? 'internal';
    if (code === 'internal') logFailure(log, err, { method: req.method, path: req.path }, 'request failed');
    // The type or zlib's code, never the message: a JSON parse error quotes the body, which may hold a password.
    else if (!(err instanceof HttpError)) log.debug({ method: req.method, path: req.path, code, reason: err?.type ?? err?.code ?? null }, 'request refused');
    if (res.headersSent) return void res.end();
    res.status(STATUS[code]).json(err instanceof HttpError && err.reason ? { ok: false, error: code, reason: err.reason } : { ok: false, error: code });
  };
}
