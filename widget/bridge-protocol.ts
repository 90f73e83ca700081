import type { Author } from '../protocol/message.ts';

// What the loader (merchant page) and the frame (Parley origin) say to each other through postMessage.
// Both sides check the peer's origin and window before reading any of this.

/** Every message carries this tag so neither side mistakes other scripts' postMessage traffic for ours. */
export const BRIDGE_TAG = 'parley';

export interface Identity {
  name?: string;
  email?: string;
}

export type LoaderToFrame =
  | { parley: typeof BRIDGE_TAG; type: 'init'; page: { url: string; title: string }; open: boolean; identity: Identity | null }
  | { parley: typeof BRIDGE_TAG; type: 'open' }
  | { parley: typeof BRIDGE_TAG; type: 'close' }
  | { parley: typeof BRIDGE_TAG; type: 'identify'; identity: Identity };

/** What the host page's Parley('on', 'message', fn) handlers receive. */
export interface PublicMessage {
  author: Author;
  authorName: string | null;
  text: string;
  createdAt: number;
}

export type FrameToLoader =
  | { parley: typeof BRIDGE_TAG; type: 'ready' }
  | { parley: typeof BRIDGE_TAG; type: 'close' }
  | { parley: typeof BRIDGE_TAG; type: 'message'; message: PublicMessage }
  /**
   * A conversation is under way, or something is unread: the loader remembers it and creates the frame at
   * once on the next page (and in the shop's other tabs).
   */
  | { parley: typeof BRIDGE_TAG; type: 'live'; live: boolean }
  /** Agent and bot messages the visitor has not seen (the frame keeps the read mark): the launcher's badge. */
  | { parley: typeof BRIDGE_TAG; type: 'unread'; count: number };
