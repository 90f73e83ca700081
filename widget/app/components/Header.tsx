import { useApp } from './context.ts';

export function Header() {
  const { t, bridge, chat } = useApp();
  const a = chat.availability.value;
  return (
    <header class="header">
      <div class="header-text">
        <h1 id="parley-title">{t('title')}</h1>
        <p>{!a || (a.open && a.agents) ? t('subtitle') : !a.open && a.opensAt ? t('closed', { at: when(a.opensAt) }) : t('away')}</p>
      </div>
      {bridge.embedded && (
        <button type="button" class="icon-button" aria-label={t('close')} onClick={bridge.close}>
          <svg viewBox="0 0 24 24" aria-hidden="true" focusable="false">
            <path d="M6 6l12 12M18 6L6 18" />
          </svg>
        </button>
      )}
    </header>
  );
}

/** "Mon 9:00 AM", "周一09:00": the next opening in the visitor's own time zone and conventions. */
function when(at: number): string {
  const lang = document.documentElement.lang;
  const locale = navigator.languages.find((l) => l.startsWith(lang.slice(0, 2))) || lang;
  return new Intl.DateTimeFormat(locale, { weekday: 'short', hour: 'numeric', minute: '2-digit' }).format(at);
}
