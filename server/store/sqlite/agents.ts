import { randomUUID } from 'node:crypto';
import type { AgentRole, AgentStatus } from '../../../protocol/index.ts';
import type { AgentStateRow } from '../rows.ts';
import type { SqliteContext } from './context.ts';
import { agentRow, type AgentRecord } from '../records.ts';
import type { AgentPart } from '../parts.ts';

const LIVE = 'EXISTS (SELECT 1 FROM presence p WHERE p.agent_id = a.id AND p.connections > 0 AND p.seen_at >= ?)';

/** Agents, their sign-in sessions, and presence: who has a console open, on which node, seen when. */
export function sqliteAgents({ db, now }: SqliteContext): AgentPart {
  const q = {
    insert: db.prepare(
      `INSERT INTO agents (id, email, name, password_hash, created_at, role)
       SELECT ?, ?, ?, ?, ?, CASE WHEN EXISTS (SELECT 1 FROM agents WHERE role = 'admin' AND removed_at IS NULL) THEN ? ELSE 'admin' END`,
    ),
    byEmail: db.prepare('SELECT * FROM agents WHERE email = ?'),
    get: db.prepare('SELECT * FROM agents WHERE id = ?'),
    count: db.prepare('SELECT COUNT(*) AS n FROM agents WHERE removed_at IS NULL'),
    setStatus: db.prepare('UPDATE agents SET status = ? WHERE id = ?'),
    insertSession: db.prepare('INSERT INTO sessions (token_hash, agent_id, expires_at, seen_at) VALUES (?, ?, ?, ?)'),
    touchSession: db.prepare('UPDATE sessions SET seen_at = ? WHERE token_hash = ?'),
    // Checked on every agent event: one primary-key lookup each in sessions and agents.
    findSession: db.prepare(
      `SELECT s.agent_id, s.expires_at, a.role FROM sessions s JOIN agents a ON a.id = s.agent_id
       WHERE s.token_hash = ? AND s.expires_at > ? AND a.removed_at IS NULL AND (? IS NULL OR s.seen_at IS NULL OR s.seen_at >= ?)`,
    ),
    remove: db.prepare("UPDATE agents SET removed_at = ?, status = 'away' WHERE id = ? AND removed_at IS NULL"),
    deleteAgentSessions: db.prepare('DELETE FROM sessions WHERE agent_id = ?'),
    deleteAgentPresence: db.prepare('DELETE FROM presence WHERE agent_id = ?'),
    deleteSession: db.prepare('DELETE FROM sessions WHERE token_hash = ?'),
    deleteExpiredSessions: db.prepare('DELETE FROM sessions WHERE expires_at <= ?'),
    presenceUp: db.prepare(
      `INSERT INTO presence (agent_id, node, connections, seen_at) VALUES (?, ?, 1, ?)
       ON CONFLICT (agent_id, node) DO UPDATE SET connections = connections + 1, seen_at = excluded.seen_at`,
    ),
    presenceDown: db.prepare('UPDATE presence SET connections = MAX(connections - 1, 0), seen_at = ? WHERE agent_id = ? AND node = ?'),
    presencePrune: db.prepare('DELETE FROM presence WHERE connections <= 0'),
    touchPresence: db.prepare('UPDATE presence SET seen_at = ? WHERE node = ? AND connections > 0'),
    clearPresence: db.prepare('DELETE FROM presence WHERE node = ?'),
    states: db.prepare(
      `SELECT a.id, a.name, a.status, ${LIVE} AS online,
         (SELECT COUNT(*) FROM conversations c WHERE c.assigned_agent_id = a.id AND c.status = 'assigned') AS chats
       FROM agents a WHERE a.removed_at IS NULL ORDER BY a.name COLLATE NOCASE, a.id`,
    ),
    list: db.prepare('SELECT * FROM agents WHERE removed_at IS NULL ORDER BY name COLLATE NOCASE, id'),
    setRole: db.prepare('UPDATE agents SET role = ? WHERE id = ? AND removed_at IS NULL'),
    deleteInvites: db.prepare('DELETE FROM agent_invites WHERE agent_id = ?'),
    insertInvite: db.prepare('INSERT INTO agent_invites (token_hash, agent_id, expires_at) VALUES (?, ?, ?)'),
    findInvite: db.prepare(
      `SELECT i.agent_id FROM agent_invites i JOIN agents a ON a.id = i.agent_id
       WHERE i.token_hash = ? AND i.expires_at > ? AND a.removed_at IS NULL`,
    ),
    deleteInvite: db.prepare('DELETE FROM agent_invites WHERE token_hash = ?'),
    setPassword: db.prepare('UPDATE agents SET password_hash = ? WHERE id = ?'),
    countAvailable: db.prepare(`SELECT COUNT(*) AS n FROM agents a WHERE a.status = 'available' AND a.removed_at IS NULL AND ${LIVE}`),
  };

  const removeTx = db.transaction((agentId: string, at: number) => {
    const changed = q.remove.run(at, agentId).changes > 0;
    q.deleteAgentSessions.run(agentId);
    q.deleteAgentPresence.run(agentId);
    q.deleteInvites.run(agentId);
    return changed;
  });

  const inviteTx = db.transaction((tokenHash: string, agentId: string, expiresAt: number) => {
    q.deleteInvites.run(agentId);
    q.insertInvite.run(tokenHash, agentId, expiresAt);
  });
  const redeemTx = db.transaction((tokenHash: string, at: number, passwordHash: string) => {
    const r = q.findInvite.get(tokenHash, at) as { agent_id: string } | undefined;
    if (!r) return null;
    q.deleteInvite.run(tokenHash);
    q.setPassword.run(passwordHash, r.agent_id);
    return { agentId: r.agent_id };
  });

  const presenceTx = db.transaction((agentId: string, node: string, online: boolean, at: number) => {
    if (online) q.presenceUp.run(agentId, node, at);
    else {
      q.presenceDown.run(at, agentId, node);
      q.presencePrune.run();
    }
  });

  return {
    async createAgent({ email, name, passwordHash, role = 'agent' }) {
      const id = randomUUID();
      q.insert.run(id, email, name, passwordHash, now(), role);
      return agentRow(q.get.get(id) as AgentRecord);
    },
    async findAgentByEmail(email) {
      const r = q.byEmail.get(email) as AgentRecord | undefined;
      return r ? agentRow(r) : null;
    },
    async getAgent(id) {
      const r = q.get.get(id) as AgentRecord | undefined;
      return r ? agentRow(r) : null;
    },
    async countAgents() {
      return (q.count.get() as { n: number }).n;
    },
    async setAgentStatus(id, status: AgentStatus) {
      q.setStatus.run(status, id);
    },

    async createSession({ tokenHash, agentId, expiresAt }) {
      // Expired sessions are useless; dropping them on each sign-in keeps the table small without a timer.
      q.deleteExpiredSessions.run(now());
      q.insertSession.run(tokenHash, agentId, expiresAt, now());
    },
    async findSession(tokenHash, at, idleSince) {
      const r = q.findSession.get(tokenHash, at, idleSince ?? null, idleSince ?? null) as { agent_id: string; expires_at: number; role: AgentRole } | undefined;
      return r ? { agentId: r.agent_id, expiresAt: r.expires_at, role: r.role } : null;
    },
    async touchSession(tokenHash, at) {
      q.touchSession.run(at, tokenHash);
    },
    async deleteSession(tokenHash) {
      q.deleteSession.run(tokenHash);
    },
    async removeAgent(id, at) {
      return removeTx.immediate(id, at);
    },

    async listAgents() {
      return (q.list.all() as AgentRecord[]).map(agentRow);
    },
    async setAgentRole(id, role) {
      return q.setRole.run(role, id).changes > 0;
    },
    async createInvite({ tokenHash, agentId, expiresAt }) {
      inviteTx.immediate(tokenHash, agentId, expiresAt);
    },
    async findInvite(tokenHash, at) {
      const r = q.findInvite.get(tokenHash, at) as { agent_id: string } | undefined;
      return r ? { agentId: r.agent_id } : null;
    },
    async redeemInvite(tokenHash, at, passwordHash) {
      return redeemTx.immediate(tokenHash, at, passwordHash);
    },

    async setAgentPresence(agentId, node, online, at) {
      presenceTx.immediate(agentId, node, online, at);
    },
    async touchPresence(node, at) {
      q.touchPresence.run(at, node);
    },
    async clearPresence(node) {
      q.clearPresence.run(node);
    },
    async listAgentStates(seenSince) {
      return (q.states.all(seenSince) as Array<{ id: string; name: string; status: string; online: number; chats: number }>).map(
        (r): AgentStateRow => ({ id: r.id, name: r.name, status: r.status as AgentStatus, online: r.online === 1, chats: r.chats }),
      );
    },
    async countAvailableAgents(seenSince) {
      return (q.countAvailable.get(seenSince) as { n: number }).n;
    },
  };
}
