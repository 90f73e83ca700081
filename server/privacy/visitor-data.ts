import type { ConversationRow, ErasedCounts, EventRow, FlagRow, MessageRow, NoteRow, Store, VisitorRow } from '../store/store.ts';
import { noneErased } from '../store/erased.ts';

/** Everything Parley holds about the visitors with one e-mail address: what `visitor export` prints. */
export interface VisitorExport {
  email: string;
  exportedAt: string;
  visitors: Array<VisitorRow & { flags: FlagRow[] }>;
  conversations: Array<Omit<ConversationRow, 'botState' | 'botVersion'> & { messages: MessageRow[]; notes: NoteRow[]; events: EventRow[] }>;
}

/** A visitor's conversations are few; this only bounds a pathological one. */
const MAX_CONVERSATIONS = 10_000;
const ALL_SEQ = Number.MAX_SAFE_INTEGER;

/**
 * Visitors' data by e-mail, for the merchant's answers to access and erasure requests. The e-mail is the
 * one the visitor gave (the leave-a-message form, or `Parley('identify')` on the merchant's page): every
 * visitor record with it, whatever its case, is one person's.
 */
export async function exportVisitorData(store: Store, email: string, now: () => number = Date.now): Promise<VisitorExport> {
  const visitors = await store.findVisitorsByEmail(email);
  const flags = await store.listVisitorFlags(visitors.map((v) => v.id));
  const conversations: VisitorExport['conversations'] = [];
  for (const visitor of visitors) {
    for (const conv of await store.listVisitorConversations(visitor.id, MAX_CONVERSATIONS)) {
      // Bot memory is the bot's working state, not something the visitor said or was told.
      const { botState: _state, botVersion: _version, ...rest } = conv;
      conversations.push({
        ...rest,
        messages: await store.listMessages(conv.id),
        notes: await store.listNotes(conv.id, { fromSeq: 0, toSeq: ALL_SEQ }),
        events: await store.listEvents(conv.id),
      });
    }
  }
  return {
    email: email.trim().toLowerCase(),
    exportedAt: new Date(now()).toISOString(),
    visitors: visitors.map((v) => ({ ...v, flags: flags.get(v.id) ?? [] })),
    conversations,
  };
}

/** Deletes everything about the visitors with this e-mail; `visitorIds`: whose live sockets to end. */
export async function eraseVisitorData(store: Store, email: string): Promise<{ visitorIds: string[]; erased: ErasedCounts }> {
  const visitors = await store.findVisitorsByEmail(email);
  if (visitors.length === 0) return { visitorIds: [], erased: noneErased() };
  const ids = visitors.map((v) => v.id);
  return { visitorIds: ids, erased: await store.eraseVisitors(ids) };
}

/** "2 visitors, 3 conversations, 14 messages, …" */
export function describeErased(counts: ErasedCounts): string {
  const parts = (Object.entries(counts) as Array<[keyof ErasedCounts, number]>).map(([kind, n]) => `${n} ${n === 1 ? kind.replace(/s$/, '') : kind}`);
  return parts.join(', ');
}
