import { randomUUID } from 'node:crypto';
import { mailRow, type MailRecord } from '../mail-rows.ts';
import type { MailPart } from '../parts.ts';
import { agentRow, type AgentRecord } from '../records.ts';
import type { NewMail } from '../store.ts';
import type { SqliteContext } from './context.ts';

/** Inserts queued mail; run inside a caller's transaction (a message's) or on its own. */
export function sqliteMailInsert({ db, now }: SqliteContext) {
  const insert = db.prepare(
    `INSERT INTO mail_outbox (id, conversation_id, kind, recipient, locale, payload, status, attempts, next_attempt_at, created_at)
     VALUES (?, ?, ?, ?, ?, ?, 'queued', 0, ?, ?) RETURNING *`,
  );
  return (mails: NewMail[]) => {
    const at = now();
    return mails.map((m) =>
      mailRow(insert.get(randomUUID(), m.conversationId, m.kind, m.recipient, m.locale, JSON.stringify(m.payload), m.notBefore ?? at, at) as MailRecord),
    );
  };
}

/** The outbox: SQLite runs one write at a time, so a claim (one UPDATE … RETURNING) is atomic across processes. */
export function sqliteMail(ctx: SqliteContext): MailPart {
  const { db, prepared } = ctx;
  const insert = db.transaction(sqliteMailInsert(ctx));
  const q = {
    claim: db.prepare(
      `UPDATE mail_outbox SET status = 'sending', claimed_by = @node, claimed_until = @until, attempts = attempts + 1
       WHERE id IN (
         SELECT id FROM mail_outbox
         WHERE (status = 'queued' AND next_attempt_at <= @now) OR (status = 'sending' AND claimed_until <= @now)
         ORDER BY next_attempt_at LIMIT @limit)
       RETURNING *`,
    ),
    sent: db.prepare(
      `UPDATE mail_outbox SET status = 'sent', sent_at = @at, payload = '{}', last_error = NULL, claimed_by = NULL, claimed_until = NULL
       WHERE id = @id AND status = 'sending' AND claimed_by = @node`,
    ),
    failed: db.prepare(
      `UPDATE mail_outbox SET status = CASE WHEN @retryAt IS NULL THEN 'failed' ELSE 'queued' END,
         next_attempt_at = COALESCE(@retryAt, next_attempt_at), last_error = @error, claimed_by = NULL, claimed_until = NULL
       WHERE id = @id AND status = 'sending' AND claimed_by = @node`,
    ),
    cancelled: db.prepare(
      `UPDATE mail_outbox SET status = 'cancelled', last_error = @why, claimed_by = NULL, claimed_until = NULL
       WHERE id = @id AND status = 'sending' AND claimed_by = @node`,
    ),
    retry: db.prepare(
      `UPDATE mail_outbox SET status = 'queued', attempts = 0, next_attempt_at = ? WHERE id = ? AND status = 'failed' RETURNING *`,
    ),
    release: db.prepare(`UPDATE mail_outbox SET status = 'queued', claimed_by = NULL, claimed_until = NULL WHERE status = 'sending' AND claimed_by = ?`),
    count: db.prepare('SELECT status, COUNT(*) AS n FROM mail_outbox GROUP BY status'),
    notify: db.prepare('UPDATE agents SET mail_notify = ? WHERE id = ?'),
    notified: db.prepare('SELECT * FROM agents WHERE mail_notify = 1 AND removed_at IS NULL ORDER BY name, id'),
  };
  return {
    async enqueueMail(mails) {
      return insert(mails);
    },
    async claimMail({ node, now, leaseMs, limit }) {
      return (q.claim.all({ node, now, until: now + leaseMs, limit }) as MailRecord[]).map(mailRow).sort((a, b) => a.nextAttemptAt - b.nextAttemptAt);
    },
    async finishMail(id, node, outcome, at) {
      const r =
        'cancelled' in outcome
          ? q.cancelled.run({ id, node, why: outcome.cancelled })
          : outcome.sent
            ? q.sent.run({ id, node, at })
            : q.failed.run({ id, node, retryAt: outcome.retryAt, error: outcome.error });
      return r.changes === 1;
    },
    async releaseMailClaims(node) {
      return q.release.run(node).changes;
    },
    async listMail({ conversationId, status, limit }) {
      const where: string[] = [];
      const params: unknown[] = [];
      if (conversationId !== undefined) where.push('conversation_id = ?'), params.push(conversationId);
      if (status?.length) where.push(`status IN (${ctx.marks(status.length)})`), params.push(...status);
      const sql = `SELECT * FROM mail_outbox ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY created_at DESC, rowid DESC LIMIT ?`;
      return (prepared(sql).all(...params, limit) as MailRecord[]).map(mailRow);
    },
    async retryMail(id, now) {
      const r = q.retry.get(now, id) as MailRecord | undefined;
      return r ? mailRow(r) : null;
    },
    async countMail() {
      return Object.fromEntries((q.count.all() as Array<{ status: string; n: number }>).map((r) => [r.status, r.n]));
    },
    async setAgentMailNotify(id, on) {
      q.notify.run(on ? 1 : 0, id);
    },
    async listMailNotifyAgents() {
      return (q.notified.all() as AgentRecord[]).map(agentRow);
    },
  };
}
