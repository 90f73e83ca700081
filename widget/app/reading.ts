import { computed, effect, signal } from '@preact/signals';
import type { Message } from '../../protocol/message.ts';
import type { Bridge } from './bridge.ts';
import type { Chat } from './chat.ts';
import type { Chime } from './chime.ts';
import { lastSeq } from './messages.ts';
import type { OutboxStorage } from './outbox.ts';
import { load, save } from './saved.ts';

/**
 * The read mark, {"c": conversationId, "s": seq}: the last message the visitor has seen. Kept in the frame's
 * storage, which every page and tab of the shop shares (browsers that partition third-party storage do so
 * by top-level site: still one shop), so all of them agree on what is unread.
 */
export const READ_KEY = 'parley:read';
export interface ReadMark {
  c: string;
  s: number;
}

/** How long a tab that is not showing the chat waits before ringing, so a tab showing it can mark it read first. */
const CHIME_DELAY_MS = 400;

/** The agent and bot messages of `conversationId` after the read mark: what the visitor has not seen yet. */
export function unreadOf(messages: readonly Message[], conversationId: string, mark: ReadMark | null): Message[] {
  const after = mark?.c === conversationId ? mark.s : 0;
  return messages.filter((m) => m.conversationId === conversationId && m.seq > after && (m.author === 'agent' || m.author === 'bot'));
}

export function parseMark(raw: string | null | undefined): ReadMark | null {
  try {
    const m = JSON.parse(raw ?? '') as Partial<ReadMark> | null;
    return typeof m?.c === 'string' && typeof m.s === 'number' ? { c: m.c, s: m.s } : null;
  } catch {
    return null;
  }
}

/**
 * What the visitor has seen. Messages count as seen once the panel is open, the tab visible and the log up
 * to date; the rest is unread: the launcher's badge (through the bridge), a chime, and — at the next open —
 * the "New messages" divider above the first of them. Other tabs follow the mark through storage events.
 */
export function createReading({ chat, bridge, storage, chime }: { chat: Chat; bridge: Bridge; storage: OutboxStorage | null; chime: Chime }) {
  const mark = signal(parseMark(load(storage, READ_KEY)));
  const visible = signal(document.visibilityState === 'visible');
  document.addEventListener('visibilitychange', () => (visible.value = document.visibilityState === 'visible'));
  window.addEventListener('storage', (e) => {
    if (e.key === READ_KEY) mark.value = parseMark(e.newValue);
  });

  const unread = computed(() => {
    const c = chat.conversation.value;
    return c ? unreadOf(chat.messages.value, c.id, mark.value) : [];
  });
  /** The id of the message the "New messages" divider stands above, or null. */
  const divider = signal<string | null>(null);
  // Whether the visitor has been looking since the divider was placed, and whether the panel closed since.
  let looking = false;
  let closed = true;

  const markRead = (c: string): void => {
    const s = lastSeq(chat.messages.value, c);
    const m = mark.value;
    if (m && m.c === c && m.s >= s) return;
    mark.value = { c, s };
    save(storage, READ_KEY, JSON.stringify(mark.value));
  };

  // The visitor looks: the panel open, the tab visible, the log up to date. What arrives meanwhile is read at
  // once, so it is never reported as unread, not even for a moment (Parley('on', 'unread') would see 1 then 0).
  const seeing = computed(() => bridge.open.value && visible.value && chat.connection.value === 'online');

  effect(() => {
    const c = chat.conversation.value?.id;
    const fresh = unread.value;
    if (!bridge.open.value) closed = true;
    if (!seeing.value) {
      looking = false;
      // Someone with no mark yet (a conversation older than marks): what they had is not news.
      if (c && chat.connection.value === 'online' && !mark.value) markRead(c);
      return;
    }
    if (!looking) {
      looking = true;
      // A new divider on every open; coming back to a tab left open moves it only when something new came.
      if (fresh.length || closed) divider.value = (mark.value && fresh[0]?.id) || null;
      closed = false;
    }
    if (c) markRead(c);
  });

  let counted = 0;
  effect(() => {
    const list = seeing.value ? [] : unread.value;
    const c = chat.conversation.value?.id;
    const mine = chat.messages.value.filter((m) => m.conversationId === c);
    bridge.unread(list.length, mine[mine.length - 1]?.author === 'visitor' || chat.outbox.value.length > 0);
    const newest = list[list.length - 1];
    if (list.length > counted && newest) {
      setTimeout(() => {
        if (unread.value.some((m) => m.id === newest.id)) chime.play(newest.id);
      }, CHIME_DELAY_MS);
    }
    counted = list.length;
  });

  return { unread, divider };
}

export type Reading = ReturnType<typeof createReading>;
