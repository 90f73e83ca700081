import type { AgentProfile } from '../protocol/agent.ts';
import type { ErrorCode } from '../protocol/errors.ts';

/** `reason`: the server's words on which part of the request to fix, when it gives them. */
export type Result<T> = { ok: true; value: T } | { ok: false; error: ErrorCode | 'network'; reason?: string };

/** One JSON call; errors come back as codes (and a reason when the server gives one), never thrown. */
export async function call<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<Result<T>> {
  try {
    const res = await fetch(path, {
      method,
      credentials: 'same-origin',
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const data = (await res.json().catch(() => null)) as ({ ok: boolean; error?: ErrorCode; reason?: string } & T) | null;
    if (!data) return { ok: false, error: 'internal' };
    if (data.ok) return { ok: true, value: data };
    return typeof data.reason === 'string' ? { ok: false, error: data.error ?? 'internal', reason: data.reason } : { ok: false, error: data.error ?? 'internal' };
  } catch {
    return { ok: false, error: 'network' };
  }
}

/** The agent REST API: the session lives in an httpOnly cookie the page never reads. */
export const api = {
  me: () => call<{ agent: AgentProfile }>('GET', '/api/agent/me'),
  login: (email: string, password: string) => call<{ agent: AgentProfile }>('POST', '/api/agent/login', { email, password }),
  logout: () => call<object>('POST', '/api/agent/logout'),
};
