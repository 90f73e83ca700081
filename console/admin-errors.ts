import type { ErrorCode } from '../protocol/errors.ts';
import { ERROR_TEXT } from './format.ts';

/**
 * What a refusal on an admin screen means in words. `forbidden` there is about the role, not a
 * conversation (an admin demoted while the screen was open); the screen's own cases come first.
 */
export function adminErrorText(code: ErrorCode | 'network', own: Partial<Record<ErrorCode, string>> = {}): string {
  if (own[code as ErrorCode]) return own[code as ErrorCode]!;
  if (code === 'forbidden') return 'Only admins can do this. Your role may have changed: reload the page.';
  return ERROR_TEXT[code];
}
