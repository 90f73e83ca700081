import type { ErasedView, HoursView, InviteAgent, InviteLink, TeamMember } from '../protocol/admin.ts';
import type { AgentProfile, AgentRole } from '../protocol/agent.ts';
import type { ErrorCode } from '../protocol/errors.ts';

/** `reason`: the server's words on which part of the request to fix, when it gives them. */
export type Result<T> = { ok: true; value: T } | { ok: false; error: ErrorCode | 'network'; reason?: string };

/** One JSON call; errors come back as codes (and a reason when the server gives one), never thrown. */
export async function call<T>(method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', path: string, body?: unknown): Promise<Result<T>> {
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
  /** An invitation link's token: whom it is for, then choosing the password (which signs in). */
  invitation: (token: string) => call<{ agent: AgentProfile }>('POST', '/api/agent/invite', { token }),
  acceptInvitation: (token: string, password: string) => call<{ agent: AgentProfile }>('POST', '/api/agent/invite/accept', { token, password }),
};

/** /api/admin: refused (`forbidden`) for agents; the console shows these screens to admins only. */
export const adminApi = {
  team: () => call<{ members: TeamMember[] }>('GET', '/api/admin/team'),
  invite: (input: InviteAgent) => call<{ member: TeamMember; invite: InviteLink }>('POST', '/api/admin/team', input),
  reinvite: (id: string) => call<{ invite: InviteLink }>('POST', `/api/admin/team/${encodeURIComponent(id)}/invite`),
  setRole: (id: string, role: AgentRole) => call<{ member: TeamMember }>('PATCH', `/api/admin/team/${encodeURIComponent(id)}`, { role }),
  remove: (id: string) => call<{ requeued: number }>('DELETE', `/api/admin/team/${encodeURIComponent(id)}`),
  hours: () => call<{ hours: HoursView }>('GET', '/api/admin/hours'),
  saveHours: (spec: string, timeZone: string) => call<{ hours: HoursView }>('PUT', '/api/admin/hours', { spec, timeZone }),
  exportVisitor: (email: string) => call<{ data: unknown }>('POST', '/api/admin/visitors/export', { email }),
  eraseVisitor: (email: string) => call<{ erased: ErasedView }>('POST', '/api/admin/visitors/erase', { email }),
};
