import { randomUUID } from 'node:crypto';
import { mailRow, type MailRecord } from '../mail-rows.ts';
import type { MailPart } from '../parts.ts';
import { agentRow, type AgentRecord } from '../records.ts';
import type { NewMail } from '../store.ts';
import type { PgContext, Query } from './context.ts';

/** Inserts queued mail with the caller's query: inside a message's transaction, or on its own. */
export async function insertMail(q: Query, mails: NewMail[], at: number) {
  const rows = [];
  for (const m of mails) {
    const [r] = await q<MailRecord>(
      `INSERT INTO mail_outbox (id, conversation_id, kind, recipient, locale, payload, status, attempts, next_attempt_at, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, 'queued', 0, $7, $8) RETURNING *`,
      [randomUUID(), m.conversationId, m.kind, m.recipient, m.locale, JSON.stringify(m.payload), m.notBefore ?? at, at],
    );
    rows.push(mailRow(r!));
  }
  return rows;
}

/** The outbox: a claim locks the rows it takes and skips rows another node holds (FOR UPDATE SKIP LOCKED). */
export function pgMail({ query, tx, now }: PgContext): MailPart {
  return {
    async enqueueMail(mails) {
      return tx((q) => insertMail(q, mails, now()));
    },
    async claimMail({ node, now: at, leaseMs, limit }) {
      const rows = await query<MailRecord>(
        `UPDATE mail_outbox SET status = 'sending', claimed_by = $1, claimed_until = $2, attempts = attempts + 1
         WHERE id IN (
           SELECT id FROM mail_outbox
           WHERE (status = 'queued' AND next_attempt_at <= $3) OR (status = 'sending' AND claimed_until <= $3)
           ORDER BY next_attempt_at LIMIT $4 FOR UPDATE SKIP LOCKED)
         RETURNING *`,
        [node, at + leaseMs, at, limit],
      );
      return rows.map(mailRow).sort((a, b) => a.nextAttemptAt - b.nextAttemptAt);
    },
    async finishMail(id, node, outcome, at) {
      if ('cancelled' in outcome) {
        const rows = await query(
          `UPDATE mail_outbox SET status = 'cancelled', last_error = $3, claimed_by = NULL, claimed_until = NULL
           WHERE id = $1 AND status = 'sending' AND claimed_by = $2 RETURNING id`,
          [id, node, outcome.cancelled],
        );
        return rows.length === 1;
      }
      const rows = outcome.sent
        ? await query(
            `UPDATE mail_outbox SET status = 'sent', sent_at = $3, payload = '{}', last_error = NULL, claimed_by = NULL, claimed_until = NULL
             WHERE id = $1 AND status = 'sending' AND claimed_by = $2 RETURNING id`,
            [id, node, at],
          )
        : await query(
            `UPDATE mail_outbox SET status = CASE WHEN $3::bigint IS NULL THEN 'failed' ELSE 'queued' END,
               next_attempt_at = COALESCE($3::bigint, next_attempt_at), last_error = $4, claimed_by = NULL, claimed_until = NULL
             WHERE id = $1 AND status = 'sending' AND claimed_by = $2 RETURNING id`,
            [id, node, outcome.retryAt, outcome.error],
          );
      return rows.length === 1;
    },
    async releaseMailClaims(node) {
      const rows = await query(`UPDATE mail_outbox SET status = 'queued', claimed_by = NULL, claimed_until = NULL WHERE status = 'sending' AND claimed_by = $1 RETURNING id`, [node]);
      return rows.length;
    },
    async listMail({ conversationId, status, limit }) {
      const rows = await query<MailRecord>(
        `SELECT * FROM mail_outbox
         WHERE ($1::text IS NULL OR conversation_id = $1) AND ($2::text[] IS NULL OR status = ANY($2))
         ORDER BY created_at DESC, id DESC LIMIT $3`,
        [conversationId ?? null, status?.length ? status : null, limit],
      );
      return rows.map(mailRow);
    },
    async retryMail(id, at) {
      const [r] = await query<MailRecord>(`UPDATE mail_outbox SET status = 'queued', attempts = 0, next_attempt_at = $1 WHERE id = $2 AND status = 'failed' RETURNING *`, [at, id]);
      return r ? mailRow(r) : null;
    },
    async countMail() {
      const rows = await query<{ status: string; n: number }>('SELECT status, COUNT(*)::bigint AS n FROM mail_outbox GROUP BY status');
      return Object.fromEntries(rows.map((r) => [r.status, r.n]));
    },
    async setAgentMailNotify(id, on) {
      await query('UPDATE agents SET mail_notify = $1 WHERE id = $2', [on, id]);
    },
    async listMailNotifyAgents() {
      return (await query<AgentRecord>('SELECT * FROM agents WHERE mail_notify AND removed_at IS NULL ORDER BY name, id')).map(agentRow);
    },
  };
}
