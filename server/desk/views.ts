import type {
  AgentMessage,
  AgentState,
  CannedResponse,
  ConversationBrief,
  ConversationSummary,
  Message,
  Note,
  VisitorConversation,
  VisitorFlag,
  VisitorProfile,
} from '../../protocol/index.ts';
import { visitorLabel } from '../../protocol/index.ts';
import type { AgentStateRow, CannedRow, ConversationRow, FlagRow, MessageRow, NoteRow, VisitorRow } from '../store/store.ts';
import { describeUserAgent } from './user-agent.ts';

// Store rows → what each side may see. Visitors never get the bot's reasoning, notes or other visitors' data.

export function messageForVisitor(row: MessageRow): Message {
  return {
    id: row.id,
    conversationId: row.conversationId,
    seq: row.seq,
    author: row.author,
    authorName: row.authorName,
    text: row.text,
    clientId: row.clientId,
    quickReplies: row.quickReplies,
    attachments: row.attachments,
    createdAt: row.createdAt,
  };
}

export function messageForAgent(row: MessageRow): AgentMessage {
  return { ...messageForVisitor(row), bot: row.bot };
}

/** True while queued and offered the form; a visitor who left a message has moved on to 'offline'. */
export const contactRequested = (row: ConversationRow): boolean => row.status === 'queued' && row.contactRequestedAt !== null;

export function visitorConversation(
  row: ConversationRow,
  extra: { agentName: string | null; queuePosition: number | null; waitEstimateMs: number | null },
): VisitorConversation {
  const queued = row.status === 'queued';
  return {
    id: row.id,
    status: row.status,
    locale: row.locale,
    agentName: row.status === 'assigned' ? extra.agentName : null,
    queuePosition: queued ? extra.queuePosition : null,
    waitEstimateMs: queued ? extra.waitEstimateMs : null,
    ratingRequested: row.status === 'resolved' && row.resolvedAt !== null && row.ratingScore === null,
    contactRequested: contactRequested(row),
  };
}

export function flagView(row: FlagRow): VisitorFlag {
  return { label: row.label, setBy: row.setBy, at: row.at };
}

export function visitorProfile(id: string, row: VisitorRow | null, flags: FlagRow[]): VisitorProfile {
  const device = describeUserAgent(row?.userAgent);
  return {
    id,
    label: visitorLabel(id),
    externalId: row?.externalId ?? null,
    name: row?.name ?? null,
    email: row?.email ?? null,
    page: row?.pageUrl ? { url: row.pageUrl, title: row.pageTitle } : null,
    ...device,
    timeZone: row?.timeZone ?? null,
    lastSeenAt: row?.seenAt ?? null,
    flags: flags.map(flagView),
  };
}

export function conversationSummary(
  row: ConversationRow,
  extra: { visitor: VisitorProfile; agent: { id: string; name: string } | null },
): ConversationSummary {
  return {
    id: row.id,
    status: row.status,
    locale: row.locale,
    priority: row.priority,
    visitor: extra.visitor,
    assignedAgent: row.status === 'assigned' && extra.agent ? { id: extra.agent.id, name: extra.agent.name } : null,
    handoff: row.handoff,
    lastMessage: row.lastMessage,
    lastVisitorMessage: row.lastVisitorMessage,
    rating: row.ratingScore === null ? null : { score: row.ratingScore, comment: row.ratingComment },
    queuedAt: row.queuedAt,
    contactRequested: contactRequested(row),
    firstReplyAt: row.firstReplyAt,
    resolvedAt: row.resolvedAt,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

export function conversationBrief(row: ConversationRow): ConversationBrief {
  return {
    id: row.id,
    status: row.status,
    createdAt: row.createdAt,
    lastVisitorMessage: row.lastVisitorMessage?.text ?? null,
    rating: row.ratingScore,
  };
}

export function noteView(row: NoteRow): Note {
  return { id: row.id, conversationId: row.conversationId, afterSeq: row.afterSeq, author: { id: row.agentId, name: row.agentName }, text: row.text, createdAt: row.createdAt };
}

export function cannedView(row: CannedRow): CannedResponse {
  return { id: row.id, shortcut: row.shortcut, text: row.text, updatedBy: row.updatedBy, updatedAt: row.updatedAt };
}

export function agentState(row: AgentStateRow): AgentState {
  return { id: row.id, name: row.name, status: row.status, online: row.online, chats: row.chats };
}
