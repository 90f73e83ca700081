import { computed, signal } from '@preact/signals';
import type { ConversationStatus, ConversationSummary } from '../protocol/conversation.ts';
import { compareForQueue } from '../protocol/queue-order.ts';

const WAITING: ReadonlySet<ConversationStatus> = new Set(['queued', 'offline', 'assigned']);
export const isWaiting = (c: ConversationSummary): boolean => WAITING.has(c.status);

/**
 * The conversations waiting for a person (queued, left a message, assigned): the server always lists all of
 * them and pushes every change, so this list is complete and live. Bot and resolved ones are paged (browse.ts).
 */
export function createWaitingList(meId: string) {
  const byId = signal<ReadonlyMap<string, ConversationSummary>>(new Map());
  const all = computed(() => [...byId.value.values()].sort(compareForQueue));
  const mine = computed(() => all.value.filter((c) => c.status === 'assigned' && c.assignedAgent?.id === meId));
  const queued = computed(() => all.value.filter((c) => c.status === 'queued'));
  const offline = computed(() => all.value.filter((c) => c.status === 'offline'));
  /** What the tab title counts: visitors in the queue, and mine who wrote last (waiting for my answer). */
  const needsAnswer = computed(() => queued.value.length + mine.value.filter((c) => c.lastMessage?.author === 'visitor').length);

  return {
    all,
    mine,
    queued,
    offline,
    needsAnswer,
    get: (id: string) => byId.value.get(id) ?? null,
    replace(list: ConversationSummary[]) {
      byId.value = new Map(list.filter(isWaiting).map((c) => [c.id, c]));
    },
    /** A change pushed by the server: kept while waiting, dropped once it is back with the bot or resolved. */
    upsert(c: ConversationSummary) {
      const next = new Map(byId.value);
      if (isWaiting(c)) next.set(c.id, c);
      else if (!next.delete(c.id)) return;
      byId.value = next;
    },
  };
}

export type WaitingList = ReturnType<typeof createWaitingList>;
