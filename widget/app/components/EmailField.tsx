import { MAX_EMAIL_CHARS } from '../../../protocol/limits.ts';
import { useApp } from './context.ts';

/** A labelled e-mail input with its error announced (the forms that ask for an address share it). */
export function EmailField({ id, value, error, onInput }: { id: string; value: string; error: string | null; onInput: (value: string) => void }) {
  const { t } = useApp();
  return (
    <>
      <label for={id}>{t('email')}</label>
      <input
        id={id}
        type="email"
        autocomplete="email"
        maxLength={MAX_EMAIL_CHARS}
        value={value}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
        onInput={(e) => onInput(e.currentTarget.value)}
      />
      {error && (
        <p id={`${id}-error`} class="form-error" role="alert">
          {error}
        </p>
      )}
    </>
  );
}
