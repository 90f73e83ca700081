import './styles.css';
import { effect } from '@preact/signals';
import { render } from 'preact';
import { DEFAULT_COLOR, inkFor, parseColor } from '../color.ts';
import { loadTranslator } from '../i18n/translate.ts';
import { createBridge, parseHost } from './bridge.ts';
import { createChat } from './chat.ts';
import { createChime } from './chime.ts';
import { createReading } from './reading.ts';
import { App } from './components/App.tsx';

const params = new URLSearchParams(location.search);
// Same rule as protocol/locale.ts pickLocale; the loader already resolved it, so only two values arrive.
const pickLocale = (value: unknown) => (value === 'zh' ? 'zh' : 'en');

const storage = (() => {
  try {
    return window.localStorage;
  } catch {
    // Blocked third-party storage: the chat still works, it just forgets on reload.
    return null;
  }
})();

// Connect while the strings load: the first render and the first hello do not wait for each other.
const bridge = createBridge(parseHost(params.get('host')), {
  locale: pickLocale(params.get('locale')),
  color: params.get('color') ?? DEFAULT_COLOR,
});
const chat = createChat({ origin: location.origin, storage, bridge });
const chime = createChime(storage);
const reading = createReading({ chat, bridge, storage, chime });
void bridge.page.then((page) => chat.start(page));

// The language and color from the script tag, then from Parley('set', …) at any time.
let shown: string | null = null;
effect(() => {
  const locale = pickLocale(bridge.look.value.locale);
  const color = parseColor(bridge.look.value.color) || DEFAULT_COLOR;
  document.documentElement.style.setProperty('--parley-color', color);
  document.documentElement.style.setProperty('--parley-ink', inkFor(color));
  if (locale === shown) return;
  shown = locale;
  document.documentElement.lang = locale === 'zh' ? 'zh-CN' : 'en';
  void loadTranslator(locale).then((t) => {
    if (shown !== locale) return; // switched again while this one loaded
    document.title = t('title');
    render(<App chat={chat} bridge={bridge} t={t} reading={reading} chime={chime} />, document.getElementById('parley')!);
  });
});
