import type { AgentRole, AgentStatus, Attachment, AttachmentType, Author, BotMeta, ConversationStatus, Handoff, Locale, Priority, QuickReply } from '../../protocol/index.ts';
import { INITIAL_BOT_STATE, type BotState } from '../bot/types.ts';
import type { NewMessage } from './store.ts';
import type { AgentRow, AttachmentRow, CannedRow, ConversationRow, FlagRow, EventRow, MessageRow, NoteRow, VisitorRow } from './rows.ts';

// Column shapes as both stores' drivers return them (snake_case, JSON as text, times as numbers), and how
// each becomes a row.

export interface VisitorRecord {
  id: string;
  external_id: string | null;
  name: string | null;
  email: string | null;
  page_url: string | null;
  page_title: string | null;
  user_agent: string | null;
  time_zone: string | null;
  seen_at: number | null;
  created_at: number;
}

export interface ConversationRecord {
  id: string;
  visitor_id: string;
  status: string;
  locale: string;
  priority: string | null;
  assigned_agent_id: string | null;
  handoff: string | null;
  bot_state: string;
  bot_version: number;
  page_url: string | null;
  queued_at: number | null;
  contact_requested_at: number | null;
  first_reply_at: number | null;
  released_by: string | null;
  rating_score: number | null;
  rating_comment: string | null;
  resolved_at: number | null;
  last_text: string | null;
  last_author: string | null;
  last_at: number | null;
  last_visitor_text: string | null;
  last_visitor_at: number | null;
  created_at: number;
  updated_at: number;
}

export interface MessageRecord {
  id: string;
  conversation_id: string;
  seq: number;
  author: string;
  sender_id: string | null;
  author_name: string | null;
  text: string;
  client_id: string | null;
  quick_replies: string | null;
  bot: string | null;
  attachments: string | null;
  created_at: number;
}

export interface AttachmentRecord {
  id: string;
  name: string;
  type: string;
  size: number;
  width: number | null;
  height: number | null;
  uploader_kind: string;
  uploader_id: string;
  client_id: string;
  conversation_id: string | null;
  message_id: string | null;
  has_preview: number | boolean;
  created_at: number;
}

/** The columns an AttachmentRecord is read from, but `has_preview` (each store says it its way). */
export const ATTACHMENT_COLUMNS = 'id, name, type, size, width, height, uploader_kind, uploader_id, client_id, conversation_id, message_id, created_at';

export function attachmentRow(r: AttachmentRecord): AttachmentRow {
  return {
    id: r.id,
    name: r.name,
    type: r.type as AttachmentType,
    size: Number(r.size),
    width: r.width,
    height: r.height,
    uploaderKind: r.uploader_kind as AttachmentRow['uploaderKind'],
    uploaderId: r.uploader_id,
    clientId: r.client_id,
    conversationId: r.conversation_id,
    messageId: r.message_id,
    hasPreview: !!r.has_preview,
    createdAt: r.created_at,
  };
}

/** What a message keeps of each attached file. */
export const attachmentView = (r: Pick<AttachmentRow, 'id' | 'name' | 'type' | 'size' | 'width' | 'height'>): Attachment => ({
  id: r.id,
  name: r.name,
  type: r.type,
  size: r.size,
  width: r.width,
  height: r.height,
});

export interface AgentRecord {
  id: string;
  email: string;
  name: string;
  password_hash: string;
  status: string;
  role: string;
  created_at: number;
  removed_at: number | null;
  /** 0/1 in SQLite, a boolean in PostgreSQL. */
  mail_notify: number | boolean;
}

export interface EventRecord {
  id: number;
  conversation_id: string;
  from_status: string | null;
  to_status: string;
  actor_kind: string;
  actor_id: string | null;
  reason: string;
  at: number;
}

export interface NoteRecord {
  id: string;
  conversation_id: string;
  after_seq: number;
  agent_id: string;
  agent_name: string;
  text: string;
  created_at: number;
}

const json = <T>(text: string | null, fallback: T): T => (text === null ? fallback : (JSON.parse(text) as T));

export function visitorRow(r: VisitorRecord): VisitorRow {
  return {
    id: r.id,
    externalId: r.external_id,
    name: r.name,
    email: r.email,
    pageUrl: r.page_url,
    pageTitle: r.page_title,
    userAgent: r.user_agent,
    timeZone: r.time_zone,
    seenAt: r.seen_at,
    createdAt: r.created_at,
  };
}

/** `memory`: the bot memory a write just stored in this row, given back as it is instead of parsed again. */
export function conversationRow(r: ConversationRecord, memory?: BotState): ConversationRow {
  return {
    id: r.id,
    visitorId: r.visitor_id,
    status: r.status as ConversationStatus,
    locale: r.locale as Locale,
    priority: r.priority as Priority | null,
    assignedAgentId: r.assigned_agent_id,
    handoff: json<Handoff | null>(r.handoff, null),
    // Older rows or hand edits may lack fields added later: fill them from the initial state.
    botState: memory ?? { ...INITIAL_BOT_STATE, ...json<Partial<BotState>>(r.bot_state, {}) },
    botVersion: r.bot_version,
    pageUrl: r.page_url,
    queuedAt: r.queued_at,
    contactRequestedAt: r.contact_requested_at,
    firstReplyAt: r.first_reply_at,
    releasedBy: r.released_by,
    ratingScore: r.rating_score,
    ratingComment: r.rating_comment,
    resolvedAt: r.resolved_at,
    lastMessage: r.last_at === null ? null : { text: r.last_text ?? '', author: r.last_author as Author, at: r.last_at },
    lastVisitorMessage: r.last_visitor_at === null ? null : { text: r.last_visitor_text ?? '', at: r.last_visitor_at },
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

export function messageRow(r: MessageRecord): MessageRow {
  return {
    id: r.id,
    conversationId: r.conversation_id,
    seq: r.seq,
    author: r.author as Author,
    senderId: r.sender_id,
    authorName: r.author_name,
    text: r.text,
    clientId: r.client_id,
    quickReplies: json<QuickReply[]>(r.quick_replies, []),
    bot: json<BotMeta | null>(r.bot, null),
    attachments: json<Attachment[]>(r.attachments ?? null, []),
    createdAt: r.created_at,
  };
}

/** The row of a message just inserted, built from what was written instead of read back. */
export function insertedMessage(input: NewMessage, id: string, seq: number, at: number): MessageRow {
  return {
    id,
    conversationId: input.conversationId,
    seq,
    author: input.author,
    senderId: input.senderId,
    authorName: input.authorName,
    text: input.text,
    clientId: input.clientId,
    quickReplies: input.quickReplies ?? [],
    bot: input.bot ?? null,
    attachments: input.attachments ?? [],
    createdAt: at,
  };
}

export function agentRow(r: AgentRecord): AgentRow {
  return { id: r.id, email: r.email, name: r.name, passwordHash: r.password_hash, status: r.status as AgentStatus, role: r.role as AgentRole, createdAt: r.created_at, removedAt: r.removed_at, mailNotify: Boolean(r.mail_notify) };
}

export function eventRow(r: EventRecord): EventRow {
  return {
    id: r.id,
    conversationId: r.conversation_id,
    from: r.from_status as ConversationStatus | null,
    to: r.to_status as ConversationStatus,
    actor: { kind: r.actor_kind as EventRow['actor']['kind'], id: r.actor_id },
    reason: r.reason,
    at: r.at,
  };
}

export function noteRow(r: NoteRecord): NoteRow {
  return { id: r.id, conversationId: r.conversation_id, afterSeq: r.after_seq, agentId: r.agent_id, agentName: r.agent_name, text: r.text, createdAt: r.created_at };
}

export interface CannedRecord {
  id: string;
  shortcut: string;
  text: string;
  updated_by: string | null;
  agent_name: string | null;
  updated_at: number;
}

export const cannedRow = (r: CannedRecord): CannedRow => ({
  id: r.id,
  shortcut: r.shortcut,
  text: r.text,
  updatedBy: r.updated_by && r.agent_name !== null ? { id: r.updated_by, name: r.agent_name } : null,
  updatedAt: r.updated_at,
});

export interface FlagRecord {
  visitor_id: string;
  label: string;
  set_by: string;
  agent_name: string;
  at: number;
}

/** Flags grouped by visitor, in the order the rows came. */
export function addFlags(into: Map<string, FlagRow[]>, rows: FlagRecord[]): Map<string, FlagRow[]> {
  for (const r of rows) {
    const list = into.get(r.visitor_id) ?? [];
    list.push({ visitorId: r.visitor_id, label: r.label, setBy: { id: r.set_by, name: r.agent_name }, at: r.at });
    into.set(r.visitor_id, list);
  }
  return into;
}
