import { useState } from 'preact/hooks';
import { MAX_COMMENT_CHARS } from '../../../protocol/limits.ts';
import { useApp } from './context.ts';

/** CSAT after a resolved conversation: 1–5 stars and an optional comment. */
export function RatingForm() {
  const { chat, t } = useApp();
  const [score, setScore] = useState(0);
  const [comment, setComment] = useState('');
  const [error, setError] = useState(false);
  const [busy, setBusy] = useState(false);

  if (chat.rated.value) return <p class="card card-done" role="status">{t('rateThanks')}</p>;

  const submit = async (e: Event): Promise<void> => {
    e.preventDefault();
    if (!score) return;
    setBusy(true);
    const res = await chat.rate(score, comment);
    setBusy(false);
    setError(!res.ok);
  };

  return (
    <form class="card" onSubmit={submit}>
      <p id="parley-rate-intro">{t('rateIntro')}</p>
      <div class="stars" role="group" aria-labelledby="parley-rate-intro">
        {[1, 2, 3, 4, 5].map((n) => (
          <button
            key={n}
            type="button"
            class={`star${n <= score ? ' star-on' : ''}`}
            aria-label={n === 1 ? t('star1') : t('starN', { n })}
            aria-pressed={n === score}
            onClick={() => setScore(n)}
          >
            <span aria-hidden="true">★</span>
          </button>
        ))}
      </div>
      <label for="parley-comment">{t('comment')}</label>
      <textarea id="parley-comment" rows={2} maxLength={MAX_COMMENT_CHARS} value={comment} onInput={(e) => setComment(e.currentTarget.value)} />
      {error && (
        <p class="form-error" role="alert">
          {t('error')}
        </p>
      )}
      <button type="submit" class="primary" disabled={busy || !score}>
        {t('rateSubmit')}
      </button>
    </form>
  );
}
