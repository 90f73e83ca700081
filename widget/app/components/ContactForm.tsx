import { useState } from 'preact/hooks';
import { MAX_EMAIL_CHARS } from '../../../protocol/limits.ts';
import { EMAIL_RE } from '../messages.ts';
import { useApp } from './context.ts';

/** Offered while queued when nobody can answer soon: an e-mail address lets an agent answer later. */
export function ContactForm() {
  const { chat, t } = useApp();
  // Pre-filled from Parley('identify', …), even when the host page says it after the form appeared.
  const [typed, setEmail] = useState<string | null>(null);
  const email = typed ?? chat.identity().email ?? '';
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const done = chat.contactEmail.value;

  if (done) return <p class="card card-done">{t('contactThanks', { email: done })}</p>;

  const submit = async (e: Event): Promise<void> => {
    e.preventDefault();
    if (!EMAIL_RE.test(email.trim())) return setError(t('contactInvalid'));
    setBusy(true);
    const res = await chat.leaveContact(email);
    setBusy(false);
    setError(res.ok ? null : t(res.error === 'invalid_payload' ? 'contactInvalid' : 'error'));
  };

  return (
    <form class="card" onSubmit={submit} noValidate>
      <p>{t('contactIntro')}</p>
      <label for="parley-email">{t('email')}</label>
      <input
        id="parley-email"
        type="email"
        autocomplete="email"
        maxLength={MAX_EMAIL_CHARS}
        value={email}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={error ? 'parley-email-error' : undefined}
        onInput={(e) => setEmail(e.currentTarget.value)}
      />
      {error && (
        <p id="parley-email-error" class="form-error" role="alert">
          {error}
        </p>
      )}
      <button type="submit" class="primary" disabled={busy}>
        {t('contactSubmit')}
      </button>
    </form>
  );
}
