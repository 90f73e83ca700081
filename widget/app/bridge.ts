import { signal } from '@preact/signals';
import {
  BRIDGE_TAG,
  type FrameToLoader,
  type Identity,
  type LoaderToFrame,
  type Look,
  type PublicHandoff,
  type PublicMessage,
} from '../bridge-protocol.ts';

export interface Page {
  url: string;
  title: string;
}

/**
 * The frame's side of the postMessage bridge: accepts messages only from the `host` origin's window
 * (our parent) and posts only to that origin. Without a host (the frame opened on its own) it is a no-op
 * and the chat counts as open.
 */
export function createBridge(host: string | null, initial: Look) {
  const embedded = host !== null && window.parent !== window;
  const open = signal(!embedded);
  const identity = signal<Identity | null>(null);
  const look = signal<Look>(initial);
  /** Counts Parley('shutdown') calls: the chat forgets the visitor on each. */
  const shutdowns = signal(0);
  /** A mail link's resume token, from the loader's init (read once by the chat's first hello). */
  let resume: string | null = null;
  let resolvePage!: (page: Page | null) => void;
  const page = new Promise<Page | null>((resolve) => (resolvePage = resolve));
  if (!embedded) resolvePage(null);
  // A loader that never answers (an old copy, a blocked script) must not keep the chat offline.
  else setTimeout(() => resolvePage(null), 3000);

  const post = (msg: { type: FrameToLoader['type'] } & Record<string, unknown>): void => {
    if (embedded) window.parent.postMessage({ ...msg, parley: BRIDGE_TAG }, host!);
  };

  // The loader keeps the frame on every page while a conversation is live, something is unread or the
  // visitor awaits an answer, so the badge survives navigation; the facts arrive apart (chat.ts,
  // reading.ts) and go out as one flag.
  let live = false;
  let unread = 0;
  let awaiting = false;
  const keep = (): void => post({ type: 'live', live: live || unread > 0 || awaiting });

  if (embedded) {
    window.addEventListener('message', (e: MessageEvent<LoaderToFrame>) => {
      const msg = e.data;
      if (e.origin !== host || e.source !== window.parent || !msg || msg.parley !== BRIDGE_TAG) return;
      if (msg.type === 'init') {
        // A mail's link (#parley=<token> on the shop page): the token goes with the hello, not with the page.
        const link = /[#&]parley=([\w.-]{1,300})/.exec(msg.page.url);
        resume = link ? link[1]! : null;
        resolvePage(link ? { ...msg.page, url: msg.page.url.split('#')[0]! } : msg.page);
      } else if (msg.type === 'open' || msg.type === 'close') open.value = msg.type === 'open';
      else if (msg.type === 'identify') identity.value = msg.identity;
      else if (msg.type === 'set') look.value = msg.look;
      else if (msg.type === 'shutdown') {
        identity.value = null;
        shutdowns.value++;
      }
    });
    post({ type: 'ready' });
  }

  return {
    embedded,
    open,
    identity,
    look,
    shutdowns,
    page,
    resume: () => resume,
    close: () => (embedded ? post({ type: 'close' }) : undefined),
    notify: (data: PublicMessage) => post({ type: 'emit', name: 'message', data }),
    handoff: (data: PublicHandoff) => post({ type: 'emit', name: 'handoff', data }),
    /** The visitor is forgotten: the loader may drop its note that a shutdown is unfinished. */
    forgotten: () => post({ type: 'reset' }),
    live(on: boolean): void {
      live = on;
      keep();
    },
    /**
     * The number of agent and bot messages the visitor has not seen (the launcher's badge), and whether
     * they wait for an answer (their words are the last, or not sent yet).
     */
    unread(count: number, waiting: boolean): void {
      if (count !== unread) post({ type: 'unread', count });
      if (count === unread && waiting === awaiting) return;
      unread = count;
      awaiting = waiting;
      keep();
    },
  };
}

export type Bridge = ReturnType<typeof createBridge>;

/** `?host=` must be a bare origin (scheme://host[:port]); anything else disables the bridge. */
export function parseHost(value: string | null): string | null {
  if (!value) return null;
  try {
    const url = new URL(value);
    return (url.protocol === 'https:' || url.protocol === 'http:') && url.origin === value ? value : null;
  } catch {
    return null;
  }
}
