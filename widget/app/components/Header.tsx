import { visitorLocale } from '../times.ts';
import { useApp } from './context.ts';

export function Header() {
  const { t, bridge, chat, chime } = useApp();
  const a = chat.availability.value;
  return (
    <header class="header">
      <div class="header-text">
        <h1 id="parley-title">{t('title')}</h1>
        <p>{!a || (a.open && a.agents) ? t('subtitle') : !a.open && a.opensAt ? t('closed', { at: when(a.opensAt) }) : t('away')}</p>
      </div>
      <button type="button" class="icon-button" aria-label={t('sound')} aria-pressed={chime.on.value} onClick={chime.toggle}>
        <svg viewBox="0 0 24 24" aria-hidden="true" focusable="false">
          <path d={`M4 9v6h4l5 4V5L8 9z${chime.on.value ? 'M17 9a4 4 0 0 1 0 6' : 'M17 9l5 6m0-6-5 6'}`} />
        </svg>
      </button>
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
  return new Intl.DateTimeFormat(visitorLocale(), { weekday: 'short', hour: 'numeric', minute: '2-digit' }).format(at);
}
