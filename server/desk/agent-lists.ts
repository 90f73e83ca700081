import {
  CONVERSATION_PAGE,
  MESSAGE_PAGE,
  compareForQueue,
  type AgentMessage,
  type AgentProfile,
  type AgentSelf,
  type AgentState,
  type ConversationBrief,
  type ConversationSummary,
  type ConversationsPage,
  type DeskSettings,
  type Note,
  type Search,
  type SearchHit,
} from '../../protocol/index.ts';
import type { DeskContext } from './context.ts';
import { decodeCursor, encodeCursor } from './cursor.ts';
import { DeskError } from './errors.ts';
import { agentState, conversationBrief, messageForAgent, noteView } from './views.ts';

/** A bot conversation quiet for this long drops out of the live "with the bot" list. */
export const BOT_IDLE_MS = 30 * 60 * 1000;
/** Earlier conversations of the same visitor shown in the side panel. */
const HISTORY = 20;

export interface Transcript {
  messages: AgentMessage[];
  notes: Note[];
  hasEarlier: boolean;
}

export interface AgentLists {
  list(me: AgentProfile): Promise<{ me: AgentSelf; agents: AgentState[]; conversations: ConversationSummary[]; settings: DeskSettings }>;
  page(me: AgentProfile, input: ConversationsPage): Promise<{ conversations: ConversationSummary[]; next: string | null }>;
  search(me: AgentProfile, input: Search): Promise<{ results: SearchHit[]; next: string | null }>;
  open(me: AgentProfile, conversationId: string): Promise<Transcript & { conversation: ConversationSummary; history: ConversationBrief[] }>;
  before(me: AgentProfile, input: { conversationId: string; beforeSeq: number }): Promise<Transcript>;
}

/** What agents read: the waiting list (always whole), the paged lists, search, and one transcript. */
export function createAgentLists(ctx: DeskContext): AgentLists {
  const { store } = ctx;

  const load = async (id: string) => {
    const conv = await store.getConversation(id);
    if (!conv) throw new DeskError('not_found');
    return conv;
  };

  /** Messages before `beforeSeq` (the newest without it) with the notes placed among them. */
  const transcript = async (conversationId: string, beforeSeq?: number): Promise<Transcript> => {
    const rows = await store.listMessages(conversationId, { beforeSeq, limit: MESSAGE_PAGE, newest: true });
    const hasEarlier = rows.length > 0 && rows[0]!.seq > 1;
    // A note sits after the message it followed: those of this page's range, and those before any message
    // on the first page; on the newest page, every later one too.
    const fromSeq = hasEarlier ? rows[0]!.seq : 0;
    const toSeq = beforeSeq === undefined ? Number.MAX_SAFE_INTEGER : beforeSeq - 1;
    const notes = await store.listNotes(conversationId, { fromSeq, toSeq });
    return { messages: rows.map(messageForAgent), notes: notes.map(noteView), hasEarlier };
  };

  return {
    async list(me) {
      const [row, agents, waiting] = await Promise.all([store.getAgent(me.id), store.listAgentStates(ctx.seenSince()), store.listWaiting()]);
      return {
        me: { ...me, status: row?.status ?? 'available' },
        agents: agents.map(agentState),
        conversations: await ctx.summaries(waiting.sort(compareForQueue)),
        settings: ctx.settingsView(),
      };
    },

    async page(_me, { view, cursor }) {
      const rows = await store.pageConversations({ view, activeSince: ctx.now() - BOT_IDLE_MS, cursor: decodeCursor(cursor), limit: CONVERSATION_PAGE + 1 });
      const more = rows.length > CONVERSATION_PAGE;
      const shown = rows.slice(0, CONVERSATION_PAGE);
      const last = shown.at(-1);
      const at = (c: typeof last) => (view === 'bot' ? c!.updatedAt : (c!.resolvedAt ?? c!.updatedAt));
      return { conversations: await ctx.summaries(shown), next: more && last ? encodeCursor({ at: at(last), id: last.id }) : null };
    },

    async search(_me, { query, cursor }) {
      const hits = await store.searchMessages({ query, cursor: decodeCursor(cursor), limit: CONVERSATION_PAGE + 1 });
      const shown = hits.slice(0, CONVERSATION_PAGE);
      const rows = (await Promise.all(shown.map((h) => store.getConversation(h.conversationId)))).filter((c) => c !== null);
      const summaries = new Map((await ctx.summaries(rows)).map((s) => [s.id, s]));
      const results = shown.flatMap((h) => {
        const conversation = summaries.get(h.conversationId);
        return conversation ? [{ conversation, match: { text: h.text, seq: h.seq, at: h.at } }] : [];
      });
      const last = shown.at(-1);
      return { results, next: hits.length > CONVERSATION_PAGE && last ? encodeCursor({ at: last.at, id: last.conversationId }) : null };
    },

    async open(_me, conversationId) {
      const conv = await load(conversationId);
      const [conversation, page, earlier] = await Promise.all([ctx.summary(conv), transcript(conv.id), store.listVisitorConversations(conv.visitorId, HISTORY + 1)]);
      return { conversation, ...page, history: earlier.filter((c) => c.id !== conv.id).slice(0, HISTORY).map(conversationBrief) };
    },

    async before(_me, { conversationId, beforeSeq }) {
      const conv = await load(conversationId);
      return transcript(conv.id, beforeSeq);
    },
  };
}
