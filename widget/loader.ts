// The only Parley code on a merchant's page until the visitor opens the chat: a launcher button in a
// shadow root and the Parley(...) command queue. No framework, no socket; budget 2 KB brotli. It only queues,
// dispatches and sizes the frame: whatever can be done in the frame (identity checks, shutdown) is done there.
import { BRIDGE_TAG, type FrameToLoader, type Identity, type ToFrame } from './bridge-protocol.ts';
import { DEFAULT_COLOR, inkFor, parseColor } from './color.ts';
import { LAUNCHER_STRINGS } from './i18n/launcher.ts';

type Handler = (data?: unknown) => void;
interface ParleyFn {
  (command: string, ...args: unknown[]): void;
  q?: ArrayLike<unknown>[];
}
declare global {
  interface Window {
    Parley?: ParleyFn;
  }
}

const LIVE_KEY = 'parley:live';
/** Set by Parley('shutdown') until the frame confirms it forgot the visitor (survives a sign-out redirect). */
const RESET_KEY = 'parley:reset';
// The launcher's two faces: a speech bubble, and a close cross while the chat is open.
const BUBBLE = 'M4 4h16v12H9l-5 4v-4H4z';
const CROSS = 'M6 6l12 12M18 6 6 18';
const win = window;
const doc = document;

// The <script> that loaded us (a tag, or an element a tag manager inserts); null if evaluated some other way.
const script = doc.currentScript as HTMLScriptElement | null;

if (script && !(win.Parley && (win.Parley as { ready?: 1 }).ready)) start(script);

function start(el: HTMLScriptElement): void {
  const origin = new URL(el.src, location.href).origin;
  const data = el.dataset;
  // Same rule as protocol/locale.ts pickLocale (not imported: it would drag zod onto the merchant's page).
  const pick = (tag?: string): 'en' | 'zh' => (tag && /^zh\b/i.test(tag.trim()) ? 'zh' : 'en');
  let locale = pick(data.locale || navigator.language);
  let words = LAUNCHER_STRINGS[locale];
  let color = parseColor(data.color) || DEFAULT_COLOR;
  let side = data.position === 'left' ? 'left' : 'right';

  const handlers: Record<string, Handler[]> = {};
  let frame: HTMLIFrameElement | null = null;
  let open = false;
  let unread = 0;

  const keep = (key: string, value: string | null): void => {
    try {
      value ? localStorage.setItem(key, value) : localStorage.removeItem(key);
    } catch {
      // Storage may be blocked; the frame then simply waits for the first click.
    }
  };
  // A merchant's handler that throws is reported (as an uncaught error) without stopping the widget.
  const emit = (name: string, arg?: unknown): void => {
    for (const fn of handlers[name] || []) {
      try {
        fn(arg);
      } catch (err) {
        void Promise.reject(err);
      }
    }
  };
  // A mail's link back into the chat (#parley=<token>): the chat opens and the frame reads the token from the
  // page address in init; the address bar loses it at once (not copied, not bookmarked).
  const href = location.href;
  const resume = /parley=/.test(location.hash);
  if (resume) history.replaceState(history.state, '', href.split('#')[0]);

  const host = doc.createElement('div');
  host.id = 'parley-widget';
  const root = host.attachShadow({ mode: 'open' });
  // The button's aria-label is its whole accessible name (render), the badge's number included, so the icon
  // and the badge need no aria-hidden; render() sets aria-expanded before the button is shown.
  root.innerHTML = '<style></style><i><button><svg viewBox="0 0 24 24"><path/></svg><b hidden></b></button></i>';
  const style = root.firstChild as HTMLStyleElement;
  const paint = (): void => {
    style.textContent =
      // The page's own CSS cannot reach into the shadow root, only the host element; :host's !important beats
      // even the page's !important rules (`* { all: unset !important }`).
      // <i> is the screen the visitor sees (the chat fills it on a phone, upright or on its side): on a phone,
      // a page wider than the screen makes the fixed containing block as wide as the page, so 100%/inset:0
      // would put the launcher and the chat off to the right; vw/dvh are the screen. The largest z-index, and
      // the host last in <html>, so overlays at the same z-index paint below the launcher; the box itself lets
      // every click through to the page.
      `:host{all:initial!important}i{position:fixed;top:0;left:0;width:min(100%,100vw);height:100%;height:min(100%,100dvh);z-index:2147483647;pointer-events:none}` +
      `button,iframe{position:absolute;${side}:20px;pointer-events:auto}button{bottom:20px;width:56px;height:56px;border-radius:50%;border:0;cursor:pointer;background:${color};color:${inkFor(color)};box-shadow:0 4px 14px #0000004d;display:grid;place-items:center}` +
      'button:focus-visible{outline:3px solid #111;outline-offset:3px;box-shadow:0 0 0 6px #fff}' +
      // The icons are drawn with a round stroke too: round corners and line ends from short paths.
      'svg{width:28px;height:28px;fill:currentColor;stroke:currentColor;stroke-width:2.5;stroke-linejoin:round;stroke-linecap:round}' +
      'b{position:absolute;top:-4px;right:-4px;min-width:10px;padding:0 5px;border-radius:10px;background:#b91c1c;color:#fff;font:700 12px/20px sans-serif}' +
      // Until the chat paints, the frame is the system's Canvas colour: dark in dark mode, so no white flash.
      'iframe{bottom:88px;width:380px;height:600px;max-height:calc(100% - 108px);border:0;border-radius:14px;box-shadow:0 8px 30px #00000040;background:Canvas;color-scheme:light dark}' +
      '@media (max-width:480px),(max-height:480px){iframe{inset:0;width:100%;height:100%;max-height:none;border-radius:0}}';
  };
  paint();
  // <i><button><svg><path/></svg><b/></button></i>, walked rather than queried (fewer bytes).
  const button = root.lastChild!.firstChild as HTMLButtonElement;
  const icon = button.firstChild!.firstChild as SVGPathElement;
  const badge = button.lastChild as HTMLElement;

  // Said to the frame once it is ready; until then kept, in order (identify, set, shutdown… before the frame).
  let pending: ToFrame[] | null = [];
  const post = (msg: ToFrame): void => {
    pending ? pending.push(msg) : frame!.contentWindow!.postMessage({ ...msg, parley: BRIDGE_TAG }, origin);
  };

  const render = (): void => {
    // The frame counts what is unread (it keeps the read mark that every tab and page shares).
    button.setAttribute('aria-label', open ? words.close : unread ? `${words.open}, ${unread} ${words.unread}` : words.open);
    button.setAttribute('aria-expanded', '' + open);
    icon.setAttribute('d', open ? CROSS : BUBBLE);
    badge.hidden = open || !unread;
    badge.textContent = unread > 9 ? '9+' : '' + unread;
    if (frame) (frame.hidden = !open), (frame.title = words.title);
  };

  const createFrame = (): void => {
    if (frame) return;
    frame = doc.createElement('iframe');
    // The visitor's clicks on the shop let the chat's optional chime play (browsers' autoplay rules).
    frame.allow = 'autoplay';
    frame.src = `${origin}/widget/frame?host=${location.origin}&locale=${locale}&color=${encodeURIComponent(color)}`;
    root.lastChild!.appendChild(frame);
    render();
  };

  const setOpen = (next: boolean): void => {
    if (next) createFrame();
    if (open === next) return render();
    // Hiding the frame drops its focus, so ask before hiding whether the visitor was in it.
    const inFrame = root.activeElement === frame;
    open = next;
    render();
    post({ type: next ? 'open' : 'close' });
    emit(next ? 'open' : 'close');
    if (next) frame!.focus();
    else if (inFrame) button.focus();
  };

  win.addEventListener('message', (e: MessageEvent<FrameToLoader>) => {
    const msg = e.data;
    if (e.origin !== origin || !frame || e.source !== frame.contentWindow || !msg || msg.parley !== BRIDGE_TAG) return;
    if (msg.type === 'ready') {
      const held = pending || [];
      pending = null;
      post({ type: 'init', page: { url: href, title: doc.title } });
      held.map(post);
    } else if (msg.type === 'close') setOpen(false);
    else if (msg.type === 'live') keep(LIVE_KEY, msg.live ? '1' : null);
    else if (msg.type === 'reset') keep(RESET_KEY, null);
    else if (msg.type === 'emit') emit(msg.name, msg.data);
    // The frame posts a count only when it changes.
    else if (msg.type === 'unread') (unread = msg.count), render(), emit('unread', unread);
  });

  const api: ParleyFn = (command, a, b) => {
    const o = a as { locale?: string; color?: string; position?: string };
    if (command === 'open' || command === 'close' || command === 'toggle') setOpen(command === 'toggle' ? !open : command === 'open');
    else if (command === 'on' || command === 'off') {
      // Not a function: it throws when called, inside emit's try, and is reported there.
      const list = (handlers[a as string] = (handlers[a as string] || []).filter((fn) => fn !== b));
      if (command === 'on') list.push(b as Handler);
    } else if (command === 'identify' && a) {
      // Checked in the frame; JSON drops what postMessage could not copy (functions), here, not at replay.
      post({ type: 'identify', identity: JSON.parse(JSON.stringify(a)) as Identity });
    } else if (command === 'set' && a) {
      if (o.locale) locale = pick(o.locale);
      words = LAUNCHER_STRINGS[locale];
      color = parseColor(o.color) || color;
      side = o.position === 'left' ? 'left' : o.position === 'right' ? 'right' : side;
      paint();
      render();
      post({ type: 'set', look: { locale, color } });
    } else if (command === 'shutdown') {
      // Forget this visitor here and in the frame (made now, hidden, if there was none); the key makes the
      // next page finish the job should this one leave first (a sign-out redirect).
      unread = 0;
      keep(LIVE_KEY, null);
      keep(RESET_KEY, '1');
      setOpen(false);
      createFrame();
      post({ type: 'shutdown' });
    }
  };
  (api as { ready?: 1 }).ready = 1;

  button.onclick = () => setOpen(!open);
  // Another tab of the shop started a live conversation (or has unread replies): follow it here too.
  win.addEventListener('storage', (e) => {
    if (e.key === LIVE_KEY && e.newValue) createFrame();
  });
  render();

  const mount = (): void => {
    // On <html>, after <body>: a transform, filter or zoom on the page's body cannot move the fixed launcher,
    // and pages that swap their <body> (Turbo, some routers) do not take it away.
    doc.documentElement.appendChild(host);
    let live = null;
    let reset = null;
    try {
      live = localStorage.getItem(LIVE_KEY);
      reset = localStorage.getItem(RESET_KEY);
    } catch {}
    // A live conversation gets its frame at once, so agent replies arrive (and badge) before any click; an
    // unfinished shutdown gets it to finish forgetting.
    if (reset) post({ type: 'shutdown' });
    if (live || reset) createFrame();
    if (resume) setOpen(true);
    const queued = (win.Parley && win.Parley.q) || [];
    win.Parley = api;
    for (const args of queued) api(...(args as unknown as [string]));
  };
  doc.body ? mount() : doc.addEventListener('DOMContentLoaded', mount);
}
