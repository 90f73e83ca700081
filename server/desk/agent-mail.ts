import type { AgentProfile, MailSummary, MailView } from '../../protocol/index.ts';
import type { MailRow } from '../store/store.ts';
import type { DeskContext } from './context.ts';
import { DeskError } from './errors.ts';
import { FOLLOW_UP_SETTING, followUpOn } from './mail-out.ts';

/** What the console shows of an outbox row (the payload stays on the server: it may hold a visitor's words). */
export function mailView(row: MailRow): MailView {
  return {
    id: row.id,
    conversationId: row.conversationId,
    kind: row.kind,
    recipient: row.recipient,
    status: row.status,
    attempts: row.attempts,
    lastError: row.lastError,
    nextAttemptAt: row.nextAttemptAt,
    createdAt: row.createdAt,
    sentAt: row.sentAt,
  };
}

const LIST_LIMIT = 100;

export interface AgentMail {
  list(me: AgentProfile, input: { conversationId: string | null }): Promise<{ summary: MailSummary; mails: MailView[] }>;
  retry(me: AgentProfile, id: string): Promise<{ mail: MailView }>;
  notify(me: AgentProfile, on: boolean): Promise<{ notify: boolean }>;
  /** Admins only (the realtime layer's guard): rating requests by mail on or off. */
  settings(me: AgentProfile, input: { followUp: boolean }): Promise<{ followUp: boolean }>;
}

/** Mail in the console: whether it is on, a conversation's mail, the failed ones, and each agent's opt-in. */
export function createAgentMail(ctx: DeskContext): AgentMail {
  const { store, log } = ctx;
  return {
    async list(me, { conversationId }) {
      const [counts, self, followUp, rows] = await Promise.all([
        store.countMail(),
        store.getAgent(me.id),
        followUpOn(store),
        conversationId ? store.listMail({ conversationId, limit: LIST_LIMIT }) : store.listMail({ status: ['failed', 'queued', 'sending'], limit: LIST_LIMIT }),
      ]);
      return { summary: { on: ctx.mail !== null, counts, notify: self?.mailNotify ?? false, followUp }, mails: rows.map(mailView) };
    },
    async retry(me, id) {
      const row = await store.retryMail(id, ctx.now());
      if (!row) throw new DeskError('not_found');
      log.info({ agentId: me.id, mailId: id }, 'mail queued again');
      ctx.mail?.queued();
      return { mail: mailView(row) };
    },
    async settings(me, { followUp }) {
      await store.setSetting(FOLLOW_UP_SETTING, followUp ? 'on' : 'off');
      log.info({ agentId: me.id, followUp }, 'mail settings changed');
      return { followUp };
    },
    async notify(me, on) {
      await store.setAgentMailNotify(me.id, on);
      return { notify: on };
    },
  };
}
