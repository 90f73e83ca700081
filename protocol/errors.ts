import { z } from 'zod';

/**
 * The closed list of error codes a client can ever see. Clients translate codes into words;
 * the server never sends stack traces or free text.
 */
export const ERROR_CODES = [
  'invalid_payload', // the event or body failed validation
  'unauthorized', // no valid visitor token or agent session
  'forbidden', // authenticated, but not allowed to touch this resource
  'not_found',
  'conflict', // e.g. another agent claimed the conversation first
  'unavailable', // e.g. a transfer to an agent who is away or offline
  'rate_limited',
  'too_large',
  'unsupported_type', // an attachment whose bytes are not an image or PDF we take (whatever its name says)
  'not_ready', // e.g. a visitor sent a message before session:hello
  'busy', // the node is over capacity or shutting down: nothing was stored; send it again in a few seconds
  'unverified', // PARLEY_IDENTITY_REQUIRED: Parley('identify', …) without a valid hash; the visitor stays anonymous
  'internal', // our fault; details are in the server log
] as const;

export const ErrorCodeSchema = z.enum(ERROR_CODES);
export type ErrorCode = z.infer<typeof ErrorCodeSchema>;

export type ErrorAck = { ok: false; error: ErrorCode };
export type Ack<T extends object = {}> = ({ ok: true } & T) | ErrorAck;

export function errorAck(error: ErrorCode): ErrorAck {
  return { ok: false, error };
}
