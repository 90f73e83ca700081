import { signal } from '@preact/signals';
import type { ErrorCode } from '../protocol/errors.ts';
import type { MailSummary, MailView } from '../protocol/mail.ts';
import type { Request } from './socket.ts';

/**
 * Mail as the console shows it: whether it is on, the outbox's failed and waiting rows (a failure
 * announced by the server counts at once), this agent's opt-in and, for admins, the rating follow-up.
 */
export function createMailDesk(request: Request) {
  const summary = signal<MailSummary | null>(null);
  const mails = signal<MailView[]>([]);
  const error = signal<ErrorCode | null>(null);

  const load = async () => {
    const res = await request('mail:list', { conversationId: null });
    if (!res.ok) return void (error.value = res.error);
    error.value = null;
    summary.value = res.summary;
    mails.value = res.mails;
  };

  return {
    summary,
    mails,
    error,
    load,
    /** The server gave up on a mail: counted and listed before anyone opens the list. */
    onFailed(mail: MailView) {
      mails.value = [mail, ...mails.value.filter((m) => m.id !== mail.id)];
      const s = summary.value;
      if (s) summary.value = { ...s, counts: { ...s.counts, failed: (s.counts.failed ?? 0) + 1 } };
    },
    async retry(id: string) {
      const res = await request('mail:retry', { id });
      if (!res.ok) return void (error.value = res.error);
      await load();
    },
    async setNotify(on: boolean) {
      const res = await request('mail:notify', { on });
      if (!res.ok) return void (error.value = res.error);
      if (summary.value) summary.value = { ...summary.value, notify: res.notify };
    },
    async setFollowUp(on: boolean) {
      const res = await request('mail:settings', { followUp: on });
      if (!res.ok) return void (error.value = res.error);
      if (summary.value) summary.value = { ...summary.value, followUp: res.followUp };
    },
  };
}

export type MailDesk = ReturnType<typeof createMailDesk>;
