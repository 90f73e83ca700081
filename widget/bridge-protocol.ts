import type { Author } from '../protocol/message.ts';

// What the loader (merchant page) and the frame (Parley origin) say to each other through postMessage.
// Both sides check the peer's origin and window before reading any of this.

/** Every message carries this tag so neither side mistakes other scripts' postMessage traffic for ours. */
export const BRIDGE_TAG = 'parley';

/**
 * Parley('identify', {id, name, email, hash}) as the page passed it: checked and cleaned in the frame.
 * `id` is the merchant's user id; `hash` HMAC-SHA256(id) computed by the merchant's backend (docs/embedding.md).
 */
export interface Identity {
  id?: string | number;
  name?: string;
  email?: string;
  hash?: string;
}

/** Parley('set', …) values the frame follows: the language ('en' | 'zh') and the accent color. */
export interface Look {
  locale: 'en' | 'zh';
  color: string;
}

export type LoaderToFrame =
  /** First, once the frame says `ready`; then whatever the page said before, in order. */
  | { parley: typeof BRIDGE_TAG; type: 'init'; page: { url: string; title: string } }
  | { parley: typeof BRIDGE_TAG; type: 'open' }
  | { parley: typeof BRIDGE_TAG; type: 'close' }
  | { parley: typeof BRIDGE_TAG; type: 'identify'; identity: Identity }
  | { parley: typeof BRIDGE_TAG; type: 'set'; look: Look }
  /** Parley('shutdown'): forget this visitor on this browser (the token, the outbox, the conversation shown). */
  | { parley: typeof BRIDGE_TAG; type: 'shutdown' };

/** A message to the frame as the loader writes it (the tag is added when it is posted). */
export type ToFrame = { [K in LoaderToFrame['type']]: Omit<Extract<LoaderToFrame, { type: K }>, 'parley'> }[LoaderToFrame['type']];

/** What the host page's Parley('on', 'message', fn) handlers receive. */
export interface PublicMessage {
  author: Author;
  authorName: string | null;
  text: string;
  createdAt: number;
}

/** What Parley('on', 'handoff', fn) handlers receive: the bot passed the conversation to the team. */
export interface PublicHandoff {
  /** 'queued': waiting for a person; 'assigned': a person has it; 'offline': nobody can answer now (leave a message). */
  status: 'queued' | 'assigned' | 'offline';
}

export type FrameToLoader =
  | { parley: typeof BRIDGE_TAG; type: 'ready' }
  | { parley: typeof BRIDGE_TAG; type: 'close' }
  /** An event for Parley('on', name, fn) handlers that the loader only passes on. */
  | { parley: typeof BRIDGE_TAG; type: 'emit'; name: 'message'; data: PublicMessage }
  | { parley: typeof BRIDGE_TAG; type: 'emit'; name: 'handoff'; data: PublicHandoff }
  /** The frame has forgotten the visitor (after `shutdown` or an init with `reset`). */
  | { parley: typeof BRIDGE_TAG; type: 'reset' }
  /**
   * A conversation is under way, or something is unread: the loader remembers it and creates the frame at
   * once on the next page (and in the shop's other tabs).
   */
  | { parley: typeof BRIDGE_TAG; type: 'live'; live: boolean }
  /** Agent and bot messages the visitor has not seen (the frame keeps the read mark): the launcher's badge. */
  | { parley: typeof BRIDGE_TAG; type: 'unread'; count: number };
