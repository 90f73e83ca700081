import type { AgentMessage, AgentProfile, ConversationSummary, Message, VisitorConversation } from '../../protocol/index.ts';
import type { AgentRow, ConversationRow, MessageRow, VisitorRow } from '../store/store.ts';

// Store rows → what each side may see. Visitors never get the bot's reasoning or other visitors' data.

export function toMessage(row: MessageRow): Message {
  return {
    id: row.id,
    conversationId: row.conversationId,
    seq: row.seq,
    author: row.author,
    authorName: row.authorName,
    text: row.text,
    clientId: row.clientId,
    quickReplies: row.quickReplies,
    createdAt: row.createdAt,
  };
}

export function toAgentMessage(row: MessageRow): AgentMessage {
  return { ...toMessage(row), bot: row.bot };
}

export function toAgentProfile(row: AgentRow): AgentProfile {
  return { id: row.id, name: row.name, email: row.email };
}

export function toVisitorConversation(
  row: ConversationRow,
  extra: { agentName: string | null; queuePosition: number | null; visitorEmail: string | null },
): VisitorConversation {
  return {
    id: row.id,
    status: row.status,
    locale: row.locale,
    agentName: extra.agentName,
    queuePosition: row.status === 'queued' ? extra.queuePosition : null,
    ratingRequested: row.status === 'resolved' && row.resolvedAt !== null && row.ratingScore === null,
    contactRequested: row.status === 'offline' && extra.visitorEmail === null,
  };
}

export function toSummary(
  row: ConversationRow,
  extra: { visitor: VisitorRow | null; agent: AgentRow | null; last: MessageRow | null },
): ConversationSummary {
  return {
    id: row.id,
    status: row.status,
    locale: row.locale,
    priority: row.priority,
    visitor: {
      id: row.visitorId,
      name: extra.visitor?.name ?? null,
      email: extra.visitor?.email ?? null,
      pageUrl: row.pageUrl,
    },
    assignedAgent: extra.agent ? { id: extra.agent.id, name: extra.agent.name } : null,
    handoff: row.handoff,
    lastMessage: extra.last ? { text: extra.last.text, author: extra.last.author, at: extra.last.createdAt } : null,
    rating: row.ratingScore === null ? null : { score: row.ratingScore, comment: row.ratingComment },
    queuedAt: row.queuedAt,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}
