import { useState } from 'preact/hooks';
import { useApp } from './context.ts';

/** Above a long conversation's newest page: loads the page before it (App keeps the visitor's place). */
export function Earlier() {
  const { chat, t } = useApp();
  const [busy, setBusy] = useState(false);
  return (
    <button
      type="button"
      class="quick-reply earlier"
      disabled={busy}
      onClick={async () => {
        setBusy(true);
        await chat.loadEarlier();
        setBusy(false);
      }}
    >
      {t('earlier')}
    </button>
  );
}
