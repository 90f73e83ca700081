import { useState } from 'preact/hooks';
import { EMAIL_RE } from '../messages.ts';
import { useApp } from './context.ts';
import { EmailField } from './EmailField.tsx';

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
      <EmailField id="parley-transcript-email" value={email} error={error} onInput={setEmail} />
      <button type="submit" class="primary" disabled={busy}>
        {t('transcriptSend')}
      </button>
    </form>
  );
}
