// The only Parley code on a merchant's page until the visitor opens the chat: a launcher button in a
// shadow root and the Parley(...) command queue. No framework, no socket; budget 2 KB gzipped.
import { BRIDGE_TAG, type FrameToLoader, type Identity, type LoaderToFrame, type PublicMessage } from './bridge-protocol.ts';
import { DEFAULT_COLOR, inkFor, parseColor } from './color.ts';
import { LAUNCHER_STRINGS } from './i18n/launcher.ts';

type Handler = (message: PublicMessage) => void;
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
const win = window;
const doc = document;

const script = (doc.currentScript || doc.querySelector('script[src$="/widget.js"]')) as HTMLScriptElement | null;

if (script && !(win.Parley && (win.Parley as { ready?: 1 }).ready)) start(script);

function start(el: HTMLScriptElement): void {
  const origin = new URL(el.src, location.href).origin;
  const data = el.dataset;
  // Same rule as protocol/locale.ts pickLocale (not imported: it would drag zod onto the merchant's page).
  const tag = data.locale || navigator.language;
  const locale = tag && /^zh\b/i.test(tag.trim()) ? 'zh' : 'en';
  const words = LAUNCHER_STRINGS[locale];
  const color = parseColor(data.color) || DEFAULT_COLOR;
  const side = data.position === 'left' ? 'left' : 'right';

  const handlers: Handler[] = [];
  let frame: HTMLIFrameElement | null = null;
  let ready = false;
  let open = false;
  let unread = 0;
  let identity: Identity | null = null;
  // A mail's link back into the chat (#parley=<token>): the chat opens, the frame reads the token from the
  // page address in init, and then it is gone from the address bar (not copied, not bookmarked).
  const resume = /parley=/.test(location.hash);

  const host = doc.createElement('div');
  host.id = 'parley-widget';
  const root = host.attachShadow({ mode: 'open' });
  root.innerHTML =
    '<style>' +
    `:host{all:initial}button{position:fixed;${side}:20px;bottom:20px;z-index:2147483000;width:56px;height:56px;border-radius:50%;border:0;cursor:pointer;background:${color};color:${inkFor(color)};box-shadow:0 4px 14px rgba(0,0,0,.3);display:grid;place-items:center}` +
    'button:focus-visible{outline:3px solid #111;outline-offset:3px;box-shadow:0 0 0 6px #fff}' +
    'svg{width:28px;height:28px;fill:currentColor}' +
    'b{position:absolute;top:-4px;right:-4px;min-width:10px;padding:0 5px;border-radius:10px;background:#b91c1c;color:#fff;font:700 12px/20px system-ui,sans-serif}' +
    `iframe{position:fixed;${side}:20px;bottom:88px;z-index:2147483001;width:380px;height:600px;max-height:calc(100vh - 108px);border:0;border-radius:14px;box-shadow:0 8px 30px rgba(0,0,0,.25);background:#fff}` +
    '@media (max-width:480px){iframe{inset:0;width:100%;height:100%;max-height:none;border-radius:0}}' +
    '</style><button type="button" aria-expanded="false"><svg viewBox="0 0 24 24" aria-hidden="true"><path d="M4 3h16a2 2 0 0 1 2 2v11a2 2 0 0 1-2 2H9l-5 4v-4H4a2 2 0 0 1-2-2V5a2 2 0 0 1 2-2z"/></svg><b hidden aria-hidden="true"></b></button>';
  const button = root.querySelector('button')!;
  const badge = root.querySelector('b')!;

  const post = (msg: Omit<LoaderToFrame, 'parley'> & Partial<LoaderToFrame>): void => {
    if (frame && ready) frame.contentWindow!.postMessage({ ...msg, parley: BRIDGE_TAG }, origin);
  };

  const render = (): void => {
    button.setAttribute('aria-label', open ? words.close : words.open);
    button.setAttribute('aria-expanded', String(open));
    badge.hidden = !unread;
    badge.textContent = unread > 9 ? '9+' : String(unread);
    if (frame) frame.hidden = !open;
  };

  const createFrame = (): void => {
    if (frame) return;
    frame = doc.createElement('iframe');
    frame.title = words.frameTitle;
    frame.src = `${origin}/widget/frame?host=${encodeURIComponent(location.origin)}&locale=${locale}&color=${encodeURIComponent(color)}`;
    root.appendChild(frame);
  };

  const setOpen = (next: boolean): void => {
    if (next) {
      createFrame();
      unread = 0;
    }
    if (open === next) return render();
    // Hiding the frame drops its focus, so ask before hiding whether the visitor was in it.
    const inFrame = root.activeElement === frame;
    open = next;
    render();
    post({ type: next ? 'open' : 'close' });
    if (next) frame!.focus();
    else if (inFrame) button.focus();
  };

  win.addEventListener('message', (e: MessageEvent<FrameToLoader>) => {
    const msg = e.data;
    if (e.origin !== origin || !frame || e.source !== frame.contentWindow || !msg || msg.parley !== BRIDGE_TAG) return;
    if (msg.type === 'ready') {
      ready = true;
      post({ type: 'init', page: { url: location.href, title: doc.title }, open, identity });
      if (resume) history.replaceState(history.state, '', location.href.split('#')[0]);
    } else if (msg.type === 'close') setOpen(false);
    else if (msg.type === 'live') {
      try {
        msg.live ? localStorage.setItem(LIVE_KEY, '1') : localStorage.removeItem(LIVE_KEY);
      } catch {
        // Storage may be blocked; the frame then simply waits for the first click.
      }
    } else if (msg.type === 'message') {
      if (!open) unread++, render();
      for (const fn of handlers) {
        try {
          fn(msg.message);
        } catch (err) {
          setTimeout(() => { throw err; });
        }
      }
    }
  });

  const api: ParleyFn = (command, a, b) => {
    if (command === 'open' || command === 'close') setOpen(command === 'open');
    else if (command === 'on' && a === 'message' && typeof b === 'function') handlers.push(b as Handler);
    else if (command === 'identify' && a && typeof a === 'object') {
      identity = a as Identity;
      post({ type: 'identify', identity });
    }
  };
  (api as { ready?: 1 }).ready = 1;

  button.onclick = () => setOpen(!open);
  render();

  const mount = (): void => {
    doc.body.appendChild(host);
    let live = null;
    try {
      live = localStorage.getItem(LIVE_KEY);
    } catch {}
    // A live conversation gets its frame at once, so agent replies arrive (and badge) before any click.
    if (live) createFrame(), render();
    if (resume) setOpen(true);
    const queued = (win.Parley && win.Parley.q) || [];
    win.Parley = api;
    for (const args of queued) api.apply(null, [].slice.call(args) as unknown as [string]);
  };
  doc.body ? mount() : doc.addEventListener('DOMContentLoaded', mount);
}
