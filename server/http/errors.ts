import type { ErrorRequestHandler, RequestHandler } from 'express';
import { ZodError } from 'zod';
import type { ErrorCode } from '../../protocol/index.ts';
import type { Logger } from '../log.ts';

const STATUS: Record<ErrorCode, number> = {
  invalid_payload: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  unavailable: 409,
  rate_limited: 429,
  too_large: 413,
  not_ready: 503,
  internal: 500,
};

/** A refusal with a protocol code; the error middleware turns it into `{ ok: false, error }`. */
export class HttpError extends Error {
  override name = 'HttpError';
  constructor(readonly code: ErrorCode) {
    super(code);
  }
}

/** Unknown /api routes answer in JSON like the known ones. */
export const apiNotFound: RequestHandler = (_req, res) => {
  res.status(404).json({ ok: false, error: 'not_found' });
};

/** The one error handler: maps what went wrong to a code; the details stay in the log. */
export function errorHandler(log: Logger): ErrorRequestHandler {
  return (err, req, res, _next) => {
    let code: ErrorCode;
    if (err instanceof HttpError) code = err.code;
    else if (err instanceof ZodError) code = 'invalid_payload';
    else if (err?.type === 'entity.too.large') code = 'too_large';
    else if (err?.type === 'entity.parse.failed' || err?.type === 'encoding.unsupported' || err?.type === 'charset.unsupported') code = 'invalid_payload';
    else if (err?.status === 404 || err?.statusCode === 404) code = 'not_found';
    else code = 'internal';
    if (code === 'internal') log.error({ err, method: req.method, path: req.path }, 'request failed');
    if (res.headersSent) return void res.end();
    res.status(STATUS[code]).json({ ok: false, error: code });
  };
}
