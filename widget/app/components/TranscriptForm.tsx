import { useState } from 'preact/hooks';
import { MAX_EMAIL_CHARS } from '../../../protocol/limits.ts';
import { EMAIL_RE } from '../messages.ts';
import { useApp } from './context.ts';

/** After resolve, when mail is on: "E-mail me this conversation", to an address the visitor types (pre-filled). */
export function TranscriptForm() {
  const { chat, t } = useApp();
  const [open, setOpen] = useState(false);
  const [typed, setEmail] = useState<string | null>(null);
  const email = typed ?? chat.contactEmail.value ?? chat.identity().email ?? '';
  const [error, setError] = useState<string | null>(null);
  const [sent, setSent] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  if (sent) return <p class="card card-done" role="status">{t('transcriptSent', { email: sent })}</p>;
  if (!open)
    return (
      <div class="card">
        <button type="button" class="primary" onClick={() => setOpen(true)}>
          {t('transcriptOpen')}
        </button>
      </div>
    );

  const submit = async (e: Event): Promise<void> => {
    e.preventDefault();
    const to = email.trim();
    if (!EMAIL_RE.test(to)) return setError(t('contactInvalid'));
    setBusy(true);
    const res = await chat.sendTranscript(to);
    setBusy(false);
    if (res.ok) return setSent(to);
    setError(t(res.error === 'invalid_payload' ? 'contactInvalid' : res.error === 'rate_limited' ? 'transcriptLimit' : 'error'));
  };

  return (
    <form class="card" onSubmit={submit} noValidate>
      <label for="parley-transcript-email">{t('email')}</label>
      <input
        id="parley-transcript-email"
        type="email"
        autocomplete="email"
        maxLength={MAX_EMAIL_CHARS}
        value={email}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={error ? 'parley-transcript-error' : undefined}
        onInput={(e) => setEmail(e.currentTarget.value)}
      />
      {error && (
        <p id="parley-transcript-error" class="form-error" role="alert">
          {error}
        </p>
      )}
      <button type="submit" class="primary" disabled={busy}>
        {t('transcriptSend')}
      </button>
    </form>
  );
}
