import { useSignal } from '@preact/signals';
import type { MailKind, MailView } from '../../protocol/mail.ts';
import { ERROR_TEXT, when } from '../format.ts';
import type { MailDesk } from '../mail.ts';

export const MAIL_KIND: Record<MailKind, string> = {
  reply: 'Reply to a visitor',
  transcript: 'Transcript',
  'left-message': 'Message left (to agents)',
  rating: 'Rating request',
};

/** One outbox row in words: what, to whom, and where it stands. */
export function MailLine({ m, onRetry }: { m: MailView; onRetry?: (id: string) => void }) {
  const state =
    m.status === 'sent' ? `sent ${when(m.sentAt ?? m.createdAt)}` : m.status === 'failed' ? `failed after ${m.attempts} attempt${m.attempts === 1 ? '' : 's'}` : m.status === 'cancelled' ? 'not needed' : m.attempts > 0 ? `retrying ${when(m.nextAttemptAt)}` : `due ${when(m.nextAttemptAt)}`;
  return (
    <li class={`mail-line mail-${m.status}`}>
      <span>
        {MAIL_KIND[m.kind]} to {m.recipient}: <b>{state}</b>
      </span>
      {m.lastError && m.status !== 'sent' && <span class="muted"> — {m.lastError}</span>}
      {onRetry && m.status === 'failed' && (
        <button type="button" class="secondary" onClick={() => onRetry(m.id)}>
          Retry
        </button>
      )}
    </li>
  );
}

/**
 * The header's mail control: "Mail off" when the server has no mail settings; otherwise the failed mail
 * (counted in the button), what waits, this agent's opt-in, and for admins the rating follow-up.
 */
export function MailMenu({ mail, admin, onOpen }: { mail: MailDesk; admin: boolean; onOpen: (conversationId: string) => void }) {
  const open = useSignal(false);
  const s = mail.summary.value;
  if (!s) return null;
  if (!s.on)
    return (
      <span class="mail-off" title="PARLEY_SMTP_URL and PARLEY_MAIL_FROM are not set on the server: nothing is mailed, and visitors are told their answer waits in the chat.">
        Mail off
      </span>
    );
  const failed = s.counts.failed ?? 0;
  return (
    <div class="alert-settings" onKeyDown={(e) => e.key === 'Escape' && (open.value = false)}>
      <button
        type="button"
        class={failed ? 'danger' : 'secondary'}
        aria-expanded={open.value}
        aria-controls="mail-menu"
        onClick={() => {
          if (!open.value) void mail.load();
          open.value = !open.value;
        }}
      >
        Mail{failed ? ` · ${failed} failed` : ''}
      </button>
      {open.value && (
        <div id="mail-menu" class="popover" role="group" aria-label="Mail">
          <label class="check">
            <input type="checkbox" checked={s.notify} onChange={(e) => void mail.setNotify(e.currentTarget.checked)} />
            E-mail me messages left while nobody is online
          </label>
          {admin && (
            <label class="check">
              <input type="checkbox" checked={s.followUp} onChange={(e) => void mail.setFollowUp(e.currentTarget.checked)} />
              Ask visitors for a rating by e-mail a day after an unrated chat
            </label>
          )}
          {mail.error.value && (
            <p class="error" role="alert">
              {ERROR_TEXT[mail.error.value]}
            </p>
          )}
          {mail.mails.value.length === 0 ? (
            <p class="muted">No mail failed or waiting.</p>
          ) : (
            <ul class="mail-list" aria-label="Failed and waiting mail">
              {mail.mails.value.map((m) => (
                <MailLine key={m.id} m={m} onRetry={(id) => void mail.retry(id)} />
              ))}
            </ul>
          )}
          {mail.mails.value.some((m) => m.conversationId) && <p class="muted">Open a conversation to see all its mail.</p>}
          {mail.mails.value
            .filter((m) => m.status === 'failed' && m.conversationId)
            .slice(0, 1)
            .map((m) => (
              <button key={m.id} type="button" class="secondary" onClick={() => onOpen(m.conversationId!)}>
                Open the conversation of the latest failure
              </button>
            ))}
        </div>
      )}
    </div>
  );
}
