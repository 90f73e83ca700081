import { useState } from 'preact/hooks';
import { EMAIL_RE } from '../messages.ts';
import { useApp } from './context.ts';
import { EmailField } from './EmailField.tsx';

/** Offered while queued when nobody can answer soon: an e-mail address lets an agent answer later. */
export function ContactForm() {
  const { chat, t } = useApp();
  // Pre-filled from Parley('identify', …), even when the host page says it after the form appeared.
  const [typed, setEmail] = useState<string | null>(null);
  const email = typed ?? chat.identity().email ?? '';
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [transcript, setTranscript] = useState(false);
  const done = chat.contactEmail.value;
  // Without mail the form promises no e-mail: the answer waits in this chat.
  const mail = !!chat.availability.value?.mail;

  if (done) return <p class="card card-done">{mail ? t('contactThanks', { email: done }) : t('contactThanksNoMail')}</p>;

  const submit = async (e: Event): Promise<void> => {
    e.preventDefault();
    if (!EMAIL_RE.test(email.trim())) return setError(t('contactInvalid'));
    setBusy(true);
    const res = await chat.leaveContact(email);
    // The transcript is a courtesy: the message left is what matters, so its failure is not shown as one.
    if (res.ok && mail && transcript) await chat.sendTranscript(email);
    setBusy(false);
    setError(res.ok ? null : t(res.error === 'invalid_payload' ? 'contactInvalid' : 'error'));
  };

  return (
    <form class="card" onSubmit={submit} noValidate>
      <p>{t(mail ? 'contactIntro' : 'contactIntroNoMail')}</p>
      <EmailField id="parley-email" value={email} error={error} onInput={setEmail} />
      {mail && (
        <label class="check">
          <input type="checkbox" checked={transcript} onChange={(e) => setTranscript(e.currentTarget.checked)} />
          {t('transcriptAlso')}
        </label>
      )}
      <button type="submit" class="primary" disabled={busy}>
        {t('contactSubmit')}
      </button>
    </form>
  );
}
