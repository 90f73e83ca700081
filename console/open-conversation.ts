import { batch, signal } from '@preact/signals';
import type { ConversationBrief, ConversationSummary } from '../protocol/conversation.ts';
import type { ErrorCode } from '../protocol/errors.ts';
import type { AgentMessage } from '../protocol/message.ts';
import type { Note } from '../protocol/note.ts';
import type { VisitorFlag } from '../protocol/visitor.ts';
import type { Request } from './socket.ts';

const bySeq = (a: AgentMessage, b: AgentMessage) => a.seq - b.seq;
const byTime = (a: Note, b: Note) => a.afterSeq - b.afterSeq || a.createdAt - b.createdAt;

/**
 * The conversation on screen: its newest messages (earlier ones on request), private notes, the visitor's
 * other conversations. Opening it makes the server send this console its messages, notes and typing live.
 */
export function createOpenConversation(request: Request) {
  const id = signal<string | null>(null);
  const summary = signal<ConversationSummary | null>(null);
  const messages = signal<AgentMessage[]>([]);
  const notes = signal<Note[]>([]);
  const hasEarlier = signal(false);
  const loadingEarlier = signal(false);
  const history = signal<ConversationBrief[]>([]);
  const visitorTyping = signal(false);
  const error = signal<ErrorCode | null>(null);

  const load = async (conversationId: string) => {
    const res = await request('conversation:open', { conversationId });
    if (id.value !== conversationId) return;
    if (!res.ok) return void (error.value = res.error);
    batch(() => {
      summary.value = res.conversation;
      messages.value = res.messages;
      notes.value = res.notes;
      hasEarlier.value = res.hasEarlier;
      history.value = res.history;
    });
  };

  const addNote = (n: Note) => {
    if (n.conversationId !== id.value || notes.value.some((x) => x.id === n.id)) return;
    notes.value = [...notes.value, n].sort(byTime);
  };

  return {
    id,
    summary,
    messages,
    notes,
    hasEarlier,
    loadingEarlier,
    history,
    visitorTyping,
    error,
    open(conversationId: string, known: ConversationSummary | null) {
      batch(() => {
        id.value = conversationId;
        // The row's summary shows at once; the transcript follows.
        summary.value = known;
        messages.value = [];
        notes.value = [];
        hasEarlier.value = false;
        history.value = [];
        visitorTyping.value = false;
        error.value = null;
      });
      return load(conversationId);
    },
    close() {
      id.value = null;
      summary.value = null;
    },
    /** After a reconnect: whatever arrived meanwhile. */
    reload: () => (id.value ? load(id.value) : Promise.resolve()),
    async loadEarlier() {
      const conversationId = id.value;
      const first = messages.value[0];
      if (!conversationId || !first || loadingEarlier.value) return;
      loadingEarlier.value = true;
      const res = await request('messages:before', { conversationId, beforeSeq: first.seq });
      loadingEarlier.value = false;
      if (id.value !== conversationId) return;
      if (!res.ok) return void (error.value = res.error);
      batch(() => {
        const known = new Set(messages.value.map((m) => m.id));
        messages.value = [...res.messages.filter((m) => !known.has(m.id)), ...messages.value].sort(bySeq);
        const knownNotes = new Set(notes.value.map((n) => n.id));
        notes.value = [...res.notes.filter((n) => !knownNotes.has(n.id)), ...notes.value].sort(byTime);
        hasEarlier.value = res.hasEarlier;
      });
    },
    addMessage(m: AgentMessage) {
      if (m.conversationId !== id.value || messages.value.some((x) => x.id === m.id)) return;
      batch(() => {
        messages.value = [...messages.value, m].sort(bySeq);
        if (m.author === 'visitor') visitorTyping.value = false;
      });
    },
    addNote,
    upsert(c: ConversationSummary) {
      if (c.id === id.value) summary.value = c;
    },
    setTyping(conversationId: string, typing: boolean) {
      if (conversationId === id.value) visitorTyping.value = typing;
    },
    setFlags(visitorId: string, flags: VisitorFlag[]) {
      const c = summary.value;
      if (c && c.visitor.id === visitorId) summary.value = { ...c, visitor: { ...c.visitor, flags } };
    },
  };
}

export type OpenConversation = ReturnType<typeof createOpenConversation>;
