import type { Message } from '../../protocol/message.ts';

/**
 * Adds `incoming` to `current`: one entry per id (the newer copy wins), conversations in the order first
 * seen, messages by seq within each. Pure, so hello replays, live events and acks can arrive in any order.
 */
export function mergeMessages(current: readonly Message[], incoming: readonly Message[]): Message[] {
  if (!incoming.length) return current as Message[];
  const byId = new Map<string, Message>();
  const order: string[] = [];
  for (const m of [...current, ...incoming]) {
    if (!order.includes(m.conversationId)) order.push(m.conversationId);
    byId.set(m.id, m);
  }
  return [...byId.values()].sort(
    (a, b) => order.indexOf(a.conversationId) - order.indexOf(b.conversationId) || a.seq - b.seq,
  );
}

/** The highest seq seen in one conversation: what session:hello's afterSeq asks to continue from. */
export function lastSeq(messages: readonly Message[], conversationId: string | null): number {
  let seq = 0;
  for (const m of messages) if (m.conversationId === conversationId && m.seq > seq) seq = m.seq;
  return seq;
}

/**
 * Adds a session:hello page (the newest messages after `afterSeq`) to `current`. When older messages exist
 * between what we hold and the page (`hasEarlier` after a long absence), the held ones of that conversation
 * are dropped: the log must not jump from an old message to the newest with a hole in between.
 */
export function withPage(current: readonly Message[], page: readonly Message[], afterSeq: number, hasEarlier: boolean): Message[] {
  const id = page[0]?.conversationId;
  return mergeMessages(afterSeq && hasEarlier ? current.filter((m) => m.conversationId !== id) : current, page);
}

/** The shape the form and identify check before sending (the server's check is stricter). */
export const EMAIL_RE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
