import { randomUUID } from 'node:crypto';
import type { AgentRole, AgentStatus } from '../../../protocol/index.ts';
import { agentRow, type AgentRecord } from '../records.ts';
import type { AgentStateRow } from '../rows.ts';
import type { PgContext } from './context.ts';
import type { AgentPart } from '../parts.ts';

const LIVE = 'EXISTS (SELECT 1 FROM presence p WHERE p.agent_id = a.id AND p.connections > 0 AND p.seen_at >= $1)';

const INVITE = `SELECT i.agent_id FROM agent_invites i JOIN agents a ON a.id = i.agent_id
  WHERE i.token_hash = $1 AND i.expires_at > $2 AND a.removed_at IS NULL`;

/** Agents, their sign-in sessions, and presence: who has a console open, on which node, seen when. */
export function pgAgents({ query, tx, now }: PgContext): AgentPart {
  const one = async (sql: string, params: unknown[]) => {
    const [r] = await query<AgentRecord>(sql, params);
    return r ? agentRow(r) : null;
  };
  return {
    async createAgent({ email, name, passwordHash, role = 'agent' }) {
      return (await one(
        `INSERT INTO agents (id, email, name, password_hash, created_at, role)
         SELECT $1, $2, $3, $4, $5, CASE WHEN EXISTS (SELECT 1 FROM agents WHERE role = 'admin' AND removed_at IS NULL) THEN $6 ELSE 'admin' END
         RETURNING *`,
        [randomUUID(), email, name, passwordHash, now(), role],
      ))!;
    },
    async findAgentByEmail(email) {
      // The unique index is on lower(email): e-mail addresses are one account whatever their case.
      return one('SELECT * FROM agents WHERE lower(email) = lower($1)', [email]);
    },
    async getAgent(id) {
      return one('SELECT * FROM agents WHERE id = $1', [id]);
    },
    async countAgents() {
      return (await query<{ n: number }>('SELECT COUNT(*) AS n FROM agents WHERE removed_at IS NULL'))[0]!.n;
    },
    async setAgentStatus(id, status: AgentStatus) {
      await query('UPDATE agents SET status = $1 WHERE id = $2', [status, id]);
    },

    async createSession({ tokenHash, agentId, expiresAt }) {
      // Expired sessions are useless; dropping them on each sign-in keeps the table small without a timer.
      await query('DELETE FROM sessions WHERE expires_at <= $1', [now()]);
      await query('INSERT INTO sessions (token_hash, agent_id, expires_at, seen_at) VALUES ($1, $2, $3, $4)', [tokenHash, agentId, expiresAt, now()]);
    },
    async findSession(tokenHash, at, idleSince) {
      const [r] = await query<{ agent_id: string; expires_at: number; role: AgentRole }>(
        `SELECT s.agent_id, s.expires_at, a.role FROM sessions s JOIN agents a ON a.id = s.agent_id
         WHERE s.token_hash = $1 AND s.expires_at > $2 AND a.removed_at IS NULL AND ($3::bigint IS NULL OR s.seen_at IS NULL OR s.seen_at >= $3)`,
        [tokenHash, at, idleSince ?? null],
      );
      return r ? { agentId: r.agent_id, expiresAt: r.expires_at, role: r.role } : null;
    },
    async touchSession(tokenHash, at) {
      await query('UPDATE sessions SET seen_at = $1 WHERE token_hash = $2', [at, tokenHash]);
    },
    async deleteSession(tokenHash) {
      await query('DELETE FROM sessions WHERE token_hash = $1', [tokenHash]);
    },
    async removeAgent(id, at) {
      return tx(async (q) => {
        const changed = await q("UPDATE agents SET removed_at = $1, status = 'away' WHERE id = $2 AND removed_at IS NULL RETURNING id", [at, id]);
        await q('DELETE FROM sessions WHERE agent_id = $1', [id]);
        await q('DELETE FROM presence WHERE agent_id = $1', [id]);
        await q('DELETE FROM agent_invites WHERE agent_id = $1', [id]);
        return changed.length > 0;
      });
    },

    async listAgents() {
      return (await query<AgentRecord>('SELECT * FROM agents WHERE removed_at IS NULL ORDER BY lower(name) COLLATE "C", id')).map(agentRow);
    },
    async setAgentRole(id, role) {
      return (await query("UPDATE agents SET role = $1 WHERE id = $2 AND removed_at IS NULL RETURNING id", [role, id])).length > 0;
    },
    async createInvite({ tokenHash, agentId, expiresAt }) {
      await tx(async (q) => {
        await q('DELETE FROM agent_invites WHERE agent_id = $1', [agentId]);
        await q('INSERT INTO agent_invites (token_hash, agent_id, expires_at) VALUES ($1, $2, $3)', [tokenHash, agentId, expiresAt]);
      });
    },
    async findInvite(tokenHash, at) {
      const [r] = await query<{ agent_id: string }>(INVITE, [tokenHash, at]);
      return r ? { agentId: r.agent_id } : null;
    },
    async redeemInvite(tokenHash, at, passwordHash) {
      return tx(async (q) => {
        // Deleting first takes the row's lock: of two uses at once, the second finds nothing to delete.
        const [r] = await q<{ agent_id: string }>(
          `DELETE FROM agent_invites i USING agents a
           WHERE i.token_hash = $1 AND i.expires_at > $2 AND a.id = i.agent_id AND a.removed_at IS NULL RETURNING i.agent_id`,
          [tokenHash, at],
        );
        if (!r) return null;
        await q('UPDATE agents SET password_hash = $1 WHERE id = $2', [passwordHash, r.agent_id]);
        return { agentId: r.agent_id };
      });
    },

    async setAgentPresence(agentId, node, online, at) {
      if (online) {
        await query(
          `INSERT INTO presence (agent_id, node, connections, seen_at) VALUES ($1, $2, 1, $3)
           ON CONFLICT (agent_id, node) DO UPDATE SET connections = presence.connections + 1, seen_at = excluded.seen_at`,
          [agentId, node, at],
        );
        return;
      }
      await tx(async (q) => {
        await q('UPDATE presence SET connections = GREATEST(connections - 1, 0), seen_at = $1 WHERE agent_id = $2 AND node = $3', [at, agentId, node]);
        await q('DELETE FROM presence WHERE agent_id = $1 AND node = $2 AND connections <= 0', [agentId, node]);
      });
    },
    async touchPresence(node, at) {
      await query('UPDATE presence SET seen_at = $1 WHERE node = $2 AND connections > 0', [at, node]);
    },
    async clearPresence(node) {
      await query('DELETE FROM presence WHERE node = $1', [node]);
    },
    async listAgentStates(seenSince) {
      const rows = await query<{ id: string; name: string; status: string; online: boolean; chats: number }>(
        `SELECT a.id, a.name, a.status, ${LIVE} AS online,
           (SELECT COUNT(*) FROM conversations c WHERE c.assigned_agent_id = a.id AND c.status = 'assigned') AS chats
         FROM agents a WHERE a.removed_at IS NULL ORDER BY lower(a.name) COLLATE "C", a.id`,
        [seenSince],
      );
      return rows.map((r): AgentStateRow => ({ id: r.id, name: r.name, status: r.status as AgentStatus, online: r.online, chats: r.chats }));
    },
    async countAvailableAgents(seenSince) {
      return (await query<{ n: number }>(`SELECT COUNT(*) AS n FROM agents a WHERE a.status = 'available' AND a.removed_at IS NULL AND ${LIVE}`, [seenSince]))[0]!.n;
    },
  };
}
