import type { ErrorCode } from '../../protocol/index.ts';

/** A refusal a client may be told about: carries one of the protocol's codes and nothing else. */
export class DeskError extends Error {
  override name = 'DeskError';
  constructor(readonly code: ErrorCode) {
    super(code);
  }
}
