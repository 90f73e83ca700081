import { useApp } from './context.ts';

export function Header() {
  const { t, bridge } = useApp();
  return (
    <header class="header">
      <div class="header-text">
        <h1 id="parley-title">{t('title')}</h1>
        <p>{t('subtitle')}</p>
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
