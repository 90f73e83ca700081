import { Router, type Request } from 'express';
import {
  HoursSchema,
  InviteAgentSchema,
  RoleChangeSchema,
  VisitorEmailSchema,
  type HoursView,
  type InviteLink,
  type TeamMember,
} from '../../protocol/index.ts';
import { agentProfile, removeAgent } from '../auth/agents.ts';
import type { InviteTicket, Invites } from '../auth/invites.ts';
import type { AgentSessions } from '../auth/sessions.ts';
import { BusinessHoursError, type BusinessHours } from '../desk/business-hours.ts';
import type { HoursSetting } from '../desk/hours-setting.ts';
import type { Logger } from '../log.ts';
import { eraseVisitorData, exportVisitorData } from '../privacy/visitor-data.ts';
import type { AgentRow, Store } from '../store/store.ts';
import { HttpError } from './errors.ts';
import { requireAdmin, signedIn } from './guards.ts';

export interface AdminApiDeps {
  store: Store;
  sessions: AgentSessions;
  invites: Invites;
  hours: HoursSetting;
  publicUrl: string | null;
  log: Logger;
  /** An account was removed here: its consoles end at once, on every node; its chats went back to the queue. */
  onAgentRemoved(agentId: string, requeued: number): void;
  /** Visitors were erased here: their widgets' sockets end, on every node. */
  onVisitorsErased(visitorIds: string[]): void;
  /** The business hours changed here: consoles and widgets are told. */
  onHoursChanged(): void;
}

const member = (row: AgentRow): TeamMember => ({ ...agentProfile(row), invited: row.passwordHash === '', createdAt: row.createdAt });

/** The console's sign-in page with the token in the fragment: never sent to a server, so never in a log or a Referer. */
function inviteLink(req: Request, publicUrl: string | null, ticket: InviteTicket): InviteLink {
  const base = publicUrl ?? `${req.protocol}://${req.get('host')}`;
  return { url: `${base}/agent#invite=${ticket.token}`, expiresAt: ticket.expiresAt };
}

function hoursView(hours: BusinessHours, now: number): HoursView {
  const open = hours.isOpen(now);
  return { spec: hours.spec, timeZone: hours.timeZone, open, opensAt: open ? null : hours.nextOpening(now) };
}

/** /api/admin: what only admins do. Every route is behind requireAdmin: an agent gets 403 `forbidden`. */
export function adminApi(deps: AdminApiDeps): Router {
  const { store, invites, hours, log } = deps;
  const router = Router();
  router.use(requireAdmin(deps.sessions));

  router.get('/team', async (_req, res) => {
    res.json({ ok: true, members: (await store.listAgents()).map(member) });
  });

  router.post('/team', async (req, res) => {
    const input = InviteAgentSchema.parse(req.body);
    const made = await invites.invite(input);
    if (made === 'taken') throw new HttpError('conflict');
    log.info({ agentId: made.agent.id, by: signedIn(res).id, role: made.agent.role }, 'agent invited');
    const row = await store.getAgent(made.agent.id);
    res.json({ ok: true, member: member(row!), invite: inviteLink(req, deps.publicUrl, made.ticket) });
  });

  const target = async (id: string): Promise<AgentRow> => {
    const row = id.length <= 64 ? await store.getAgent(id) : null;
    if (!row || row.removedAt !== null) throw new HttpError('not_found');
    return row;
  };

  router.post('/team/:id/invite', async (req, res) => {
    const row = await target(req.params.id as string);
    const ticket = await invites.reissue(row.id);
    // Only for an account still waiting for its password: a link must never reset a working one.
    if (!ticket) throw new HttpError('conflict');
    res.json({ ok: true, invite: inviteLink(req, deps.publicUrl, ticket) });
  });

  router.patch('/team/:id', async (req, res) => {
    const { role } = RoleChangeSchema.parse(req.body);
    const row = await target(req.params.id as string);
    if (row.role === 'admin' && role !== 'admin') {
      const admins = (await store.listAgents()).filter((a) => a.role === 'admin').length;
      // Someone must be left to manage the team.
      if (admins <= 1) throw new HttpError('conflict');
    }
    if (!(await store.setAgentRole(row.id, role))) throw new HttpError('not_found');
    log.info({ agentId: row.id, by: signedIn(res).id, role }, 'agent role changed');
    res.json({ ok: true, member: member((await store.getAgent(row.id))!) });
  });

  router.delete('/team/:id', async (req, res) => {
    const row = await target(req.params.id as string);
    // Not oneself: an admin leaving is removed by another (or `parley agent remove`), so one always remains.
    if (row.id === signedIn(res).id) throw new HttpError('conflict');
    const { requeued } = await removeAgent(store, row.email);
    log.info({ agentId: row.id, by: signedIn(res).id, requeued }, 'agent removed');
    deps.onAgentRemoved(row.id, requeued);
    res.json({ ok: true, requeued });
  });

  router.get('/hours', (_req, res) => {
    res.json({ ok: true, hours: hoursView(hours.hours, Date.now()) });
  });

  router.put('/hours', async (req, res) => {
    const input = HoursSchema.parse(req.body);
    try {
      await hours.save(input);
    } catch (err) {
      if (err instanceof BusinessHoursError) throw new HttpError('invalid_payload');
      throw err;
    }
    log.info({ by: signedIn(res).id, hours: hours.hours.describe() }, 'business hours edited');
    deps.onHoursChanged();
    res.json({ ok: true, hours: hoursView(hours.hours, Date.now()) });
  });

  // POST, not GET: an e-mail address in a URL would end up in proxies' access logs.
  router.post('/visitors/export', async (req, res) => {
    const { email } = VisitorEmailSchema.parse(req.body);
    const data = await exportVisitorData(store, email);
    log.info({ by: signedIn(res).id, visitors: data.visitors.length }, 'visitor data exported');
    res.json({ ok: true, data });
  });

  router.post('/visitors/erase', async (req, res) => {
    const { email } = VisitorEmailSchema.parse(req.body);
    const { visitorIds, erased } = await eraseVisitorData(store, email);
    log.info({ by: signedIn(res).id, ...erased }, 'visitor data erased');
    if (visitorIds.length > 0) deps.onVisitorsErased(visitorIds);
    res.json({ ok: true, erased });
  });

  return router;
}
