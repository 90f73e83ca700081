import type { AgentRole, AgentStatus, Attachment, AttachmentType, Author, BotMeta, ConversationStatus, ErasedView, Handoff, Locale, Priority, QuickReply } from '../../protocol/index.ts';
import type { BotState } from '../bot/types.ts';
import type { MailOutcome, MailRow, MailStatus, NewMail } from './mail-rows.ts';
import type {
  Actor,
  AgentRow,
  AgentStateRow,
  AttachmentRow,
  CannedRow,
  ConversationRow,
  EventRow,
  FlagRow,
  MessageRow,
  NoteRow,
  SearchRow,
  VisitorRow,
} from './rows.ts';
import type { ReportConversation, ReportRange, UnansweredRow } from './report-rows.ts';

export type * from './rows.ts';
export type * from './report-rows.ts';
export type * from './mail-rows.ts';

export interface NewMessage {
  conversationId: string;
  author: Author;
  senderId: string | null;
  authorName: string | null;
  text: string;
  clientId: string | null;
  quickReplies?: QuickReply[];
  bot?: BotMeta | null;
  /** The visitor clicked one of the bot's quick replies: the text is the bot's label, not their own words. */
  fromQuickReply?: boolean;
  /**
   * Files the sender uploaded, not yet sent with another message: the append binds them to this message
   * and its conversation in the same transaction, or stores nothing (null) if one is not theirs or taken.
   */
  attachments?: Attachment[];
  /** Mail this message causes, queued in the same transaction: stored message, queued mail, or neither. */
  mail?: NewMail[];
}

/** A processed upload (images re-encoded, with a preview), stored once per (uploader, client id). */
export interface NewAttachment {
  uploaderKind: 'visitor' | 'agent';
  uploaderId: string;
  clientId: string;
  name: string;
  type: AttachmentType;
  width: number | null;
  height: number | null;
  data: Buffer;
  preview: Buffer | null;
}

/** Uploads no message took within this long are deleted (by the next upload's write). */
export const UNSENT_ATTACHMENT_TTL_MS = 24 * 60 * 60 * 1000;

/** Fields a transition may set along with the status. `undefined` leaves a field alone, `null` clears it. */
export interface ConversationPatch {
  priority?: Priority | null;
  assignedAgentId?: string | null;
  handoff?: Handoff | null;
  queuedAt?: number | null;
  resolvedAt?: number | null;
  botState?: BotState;
  contactRequestedAt?: number | null;
  firstReplyAt?: number | null;
  releasedBy?: string | null;
}

/**
 * A conditional status change. It happens only if the conversation is in one of `from` — and, when
 * `onlyIfAssignedTo` is set and the conversation is 'assigned', only if it is assigned to that agent —
 * checked in the same statement that writes, so two agents acting at once cannot both succeed.
 */
export interface Transition {
  from: ConversationStatus[];
  to: ConversationStatus;
  actor: Actor;
  reason: string;
  patch?: ConversationPatch;
  onlyIfAssignedTo?: string;
  /** Mail this change causes, queued in its transaction: only if the change happens. */
  mail?: NewMail[];
}

/** A write that happens only while the conversation is in this state (checked in the same transaction). */
export interface MessageGuard {
  status: ConversationStatus[];
  /** And, for an agent's message, assigned to this agent. */
  assignedAgentId?: string;
}

/** What an append writes besides the message (both stores' append statements): its guard and, for a bot turn, the memory it stores. */
export interface AppendCondition {
  guard?: MessageGuard;
  /** A bot turn's memory, stored only if the version is still `botVersion`. */
  memory?: { botState: BotState; botVersion: number };
}

/** What updateConversation checks before it writes; each field set must hold. */
export interface ConversationCondition {
  status?: ConversationStatus[];
  botVersion?: number;
}

export interface VisitorPatch {
  name?: string | null;
  email?: string | null;
  pageUrl?: string | null;
  pageTitle?: string | null;
  userAgent?: string | null;
  timeZone?: string | null;
  seenAt?: number | null;
}

/** What an erasure deleted, by kind (ratings are part of their conversations): what the admin is shown. */
export type ErasedCounts = ErasedView;

/** A page boundary: the last row of the previous page, by its time and id. */
export interface Cursor {
  at: number;
  id: string;
}

/**
 * The only database surface handlers see. Every write that a user would miss (messages, transitions,
 * ratings, notes) is committed before the promise resolves, so an acknowledgement always means "stored".
 * Whatever decides anything (who is assigned, who is available, what waits) is here, not in a process.
 */
export interface Store {
  createVisitor(): Promise<VisitorRow>;
  getVisitor(id: string): Promise<VisitorRow | null>;
  getVisitors(ids: string[]): Promise<VisitorRow[]>;
  updateVisitor(id: string, patch: VisitorPatch): Promise<void>;
  /**
   * The visitor verified as the merchant's user `externalId`: the one that already is; else `adopt` (a
   * visitor not verified as anyone) becomes it; else a new visitor. Nodes racing for one id get one row.
   */
  visitorForExternalId(externalId: string, adopt: string | null): Promise<VisitorRow>;

  /** Flags by visitor, oldest first; visitors without flags are absent from the map. */
  listVisitorFlags(visitorIds: string[]): Promise<Map<string, FlagRow[]>>;
  setVisitorFlag(input: { visitorId: string; label: string; agentId: string; at: number }): Promise<void>;
  removeVisitorFlag(visitorId: string, label: string): Promise<void>;

  /**
   * Creates a conversation in status 'bot' and logs the creation as an event (from null to 'bot'). A
   * visitor has at most one conversation that is not resolved (a unique index says so): if they already
   * have one — another node created it a moment ago — that one is returned with `created: false`.
   */
  createConversation(input: { visitorId: string; locale: Locale; pageUrl: string | null; actor: Actor }): Promise<{ conversation: ConversationRow; created: boolean }>;
  getConversation(id: string): Promise<ConversationRow | null>;
  /** The visitor's most recently created conversation, whatever its status. */
  latestConversationForVisitor(visitorId: string): Promise<ConversationRow | null>;
  /** The visitor's conversations, newest first. */
  listVisitorConversations(visitorId: string, limit: number): Promise<ConversationRow[]>;
  /** Every conversation waiting for or with a person: queued, offline, assigned. Never truncated. */
  listWaiting(): Promise<ConversationRow[]>;
  /**
   * A page of bot conversations active since `activeSince` (by last activity), or of resolved ones
   * (by resolve time), newest first, after `cursor`.
   */
  pageConversations(input: { view: 'bot' | 'resolved'; activeSince: number; cursor: Cursor | null; limit: number }): Promise<ConversationRow[]>;
  /** Conversations with a visitor, bot or agent message containing `query`; one hit each, newest first. */
  searchMessages(input: { query: string; cursor: Cursor | null; limit: number }): Promise<SearchRow[]>;

  /**
   * Applies a Transition atomically and logs it; null (and nothing changed) when its condition fails —
   * or when it would give the visitor a second open conversation (a reopen while another is open).
   */
  transition(id: string, change: Transition): Promise<ConversationRow | null>;
  /**
   * Assigns the conversation to the available agent (status available, a console heard from since
   * `seenSince`) with the fewest open chats, fewer than `maxChats` (ties: longest since their last
   * assignment), never to the agent who released it. Atomic with the choice; null if nobody fits or the
   * conversation is no longer in `from`.
   */
  assignToAvailable(
    id: string,
    change: Omit<Transition, 'to' | 'onlyIfAssignedTo'> & { maxChats: number; seenSince: number },
  ): Promise<ConversationRow | null>;
  /** Marks a queued conversation as offered the leave-a-message form; null if not queued or already offered. */
  requestContact(id: string, input: { at: number; reason: string }): Promise<ConversationRow | null>;
  /**
   * Updates fields that are not a change of status (bot memory, locale). With a condition, only while the
   * conversation is in one of `status` and its bot memory is still at `botVersion` (checked in the statement
   * that writes): a bot turn on another node that wrote first makes this one null instead of overwritten.
   * Null too when the conversation does not exist.
   */
  updateConversation(id: string, patch: { botState?: BotState; locale?: Locale }, condition?: ConversationCondition): Promise<ConversationRow | null>;
  listEvents(conversationId: string): Promise<EventRow[]>;

  /**
   * Appends a message with the next seq. Idempotent on (senderId, clientId) when clientId is set: a resend
   * returns the stored message with `duplicate: true` and stores nothing. With a guard, a new message is
   * stored only while the conversation satisfies it; otherwise null.
   */
  appendMessage(input: NewMessage, guard?: MessageGuard): Promise<{ message: MessageRow; duplicate: boolean } | null>;
  /**
   * A bot turn's writes in one transaction: its new memory — only while the conversation is the bot's and
   * its memory is still at `botVersion` (as updateConversation's condition) — and its reply, if any. Null,
   * with nothing stored, when that does not hold; else the conversation as stored after both.
   */
  saveBotTurn(conversationId: string, turn: { botState: BotState; botVersion: number; reply: NewMessage | null }): Promise<{ conversation: ConversationRow; message: MessageRow | null } | null>;
  findMessageByClientId(senderId: string, clientId: string): Promise<MessageRow | null>;
  /**
   * Messages with afterSeq < seq < beforeSeq, oldest first, at most `limit`: the oldest of that range, or
   * with `newest` the newest of it.
   */
  listMessages(conversationId: string, opts?: { afterSeq?: number; beforeSeq?: number; limit?: number; newest?: boolean }): Promise<MessageRow[]>;

  /** Records a 1–5 rating; a second rating of the same conversation replaces the first. */
  saveRating(conversationId: string, score: number, comment: string | null): Promise<void>;
  /** first reply − queued, in ms, for conversations queued since `since` and answered. */
  firstReplyDelays(since: number): Promise<number[]>;

  /**
   * A page of the conversations created in the range, oldest first after `after` (by creation time and
   * id), each with its event log: the reports read a long range page by page, never all at once.
   */
  reportConversations(input: { range: ReportRange; after: Cursor | null; limit: number }): Promise<ReportConversation[]>;
  /** Visitor messages the bot met with a fallback or a clarifying question, in the range's conversations; newest first, at most `limit`. */
  reportUnanswered(input: { range: ReportRange; limit: number }): Promise<UnansweredRow[]>;
  /** Every message of these conversations, by conversation and seq (a report's transcripts). */
  listTranscripts(conversationIds: string[]): Promise<MessageRow[]>;

  addNote(input: { conversationId: string; agentId: string; text: string }): Promise<NoteRow>;
  /** Notes placed after messages fromSeq…toSeq (inclusive), in order. */
  listNotes(conversationId: string, range: { fromSeq: number; toSeq: number }): Promise<NoteRow[]>;

  listCanned(): Promise<CannedRow[]>;
  /** Creates (id null) or replaces one; 'taken' when another has that shortcut; null when `id` is unknown. */
  saveCanned(input: { id: string | null; shortcut: string; text: string; agentId: string }): Promise<CannedRow | 'taken' | null>;
  deleteCanned(id: string): Promise<boolean>;

  /**
   * Creates an account with `role` (default 'agent') — or 'admin' whatever was asked while no admin is left
   * (the first account ever, or after every admin was removed), decided in the statement that inserts.
   */
  createAgent(input: { email: string; name: string; passwordHash: string; role?: AgentRole }): Promise<AgentRow>;
  findAgentByEmail(email: string): Promise<AgentRow | null>;
  getAgent(id: string): Promise<AgentRow | null>;
  /** Agents that were not removed. */
  countAgents(): Promise<number>;
  setAgentStatus(id: string, status: AgentStatus): Promise<void>;

  /** Sessions are stored by the SHA-256 of their token, so a leaked database holds no usable cookie. */
  createSession(input: { tokenHash: string; agentId: string; expiresAt: number }): Promise<void>;
  /**
   * A session not expired at `now` whose agent was not removed — and, with `idleSince`, used since then
   * (see touchSession) — or null.
   */
  findSession(tokenHash: string, now: number, idleSince?: number): Promise<{ agentId: string; expiresAt: number; role: AgentRole } | null>;
  /** Records that the session was used at `at` (a new session counts as used when created). */
  touchSession(tokenHash: string, at: number): Promise<void>;
  deleteSession(tokenHash: string): Promise<void>;
  /**
   * Removes an agent: marks the row (conversations, events and notes keep naming them), sets them away,
   * deletes their sessions and presence. A removed agent cannot sign in, is not in the roster and gets no
   * assignment. False if already removed (sessions and presence are cleared again all the same).
   */
  removeAgent(id: string, at: number): Promise<boolean>;

  /** Every account not removed (invited ones too), by name. */
  listAgents(): Promise<AgentRow[]>;
  /** False when the account is unknown or removed. */
  setAgentRole(id: string, role: AgentRole): Promise<boolean>;
  /**
   * An invitation: a one-time link the invited account opens to set its password. Stored by the SHA-256 of
   * its token; replaces any earlier invitation of that account.
   */
  createInvite(input: { tokenHash: string; agentId: string; expiresAt: number }): Promise<void>;
  /** The account an invitation not expired at `now` is for, or null (used, replaced, expired, removed). */
  findInvite(tokenHash: string, now: number): Promise<{ agentId: string } | null>;
  /**
   * Uses an invitation: sets the account's password and deletes the invitation in one transaction, so of
   * two uses at once one wins; null (and nothing changed) when `findInvite` would say null.
   */
  redeemInvite(tokenHash: string, now: number, passwordHash: string): Promise<{ agentId: string } | null>;

  /**
   * Console connections per agent and server node: `online: true` adds one, `false` removes one. Each node
   * also touches its rows every few seconds (touchPresence); a row not touched since the time-to-live no
   * longer counts, so a node that died without cleaning up stops counting by itself.
   */
  setAgentPresence(agentId: string, node: string, online: boolean, now: number): Promise<void>;
  touchPresence(node: string, now: number): Promise<void>;
  /** Forgets a node's connections: called when a node stops. */
  clearPresence(node: string): Promise<void>;
  /** Every agent not removed, with their status, presence (seen since `seenSince`) and open chats, by name. */
  listAgentStates(seenSince: number): Promise<AgentStateRow[]>;
  countAvailableAgents(seenSince: number): Promise<number>;

  /** Queues mail (status 'queued', due at `notBefore` or now). */
  enqueueMail(mails: NewMail[]): Promise<MailRow[]>;
  /**
   * Takes up to `limit` due rows for `node`: queued ones whose time has come, and 'sending' ones whose
   * claim expired (a node died mid-send). One conditional write per row, so two nodes never take the same
   * row; each claim counts an attempt and lasts `leaseMs`.
   */
  claimMail(input: { node: string; now: number; leaseMs: number; limit: number }): Promise<MailRow[]>;
  /**
   * Records a claimed row's outcome; false (nothing written) when `node` no longer holds the claim. A sent
   * row keeps no payload (a transcript's copy of the conversation, a visitor's words): it has done its work.
   */
  finishMail(id: string, node: string, outcome: MailOutcome, at: number): Promise<boolean>;
  /**
   * Rows `node` had claimed and not finished go back to the queue: called as a node starts, since a node id
   * set by hand may be a predecessor's that died mid-send (its rows would otherwise wait out their claim).
   */
  releaseMailClaims(node: string): Promise<number>;
  /** Newest first: one conversation's mail, or every row in these statuses. */
  listMail(input: { conversationId?: string; status?: MailStatus[]; limit: number }): Promise<MailRow[]>;
  /** A failed row queued again from scratch (an agent's "retry"); null when it is not failed. */
  retryMail(id: string, now: number): Promise<MailRow | null>;
  /** Counts by status (absent: none). */
  countMail(): Promise<Partial<Record<MailStatus, number>>>;
  setAgentMailNotify(id: string, on: boolean): Promise<void>;
  /** Agents (not removed) who opted in to mail about messages left while nobody was online. */
  listMailNotifyAgents(): Promise<AgentRow[]>;

  /**
   * Stores an upload; a second one with the same (uploader, client id) returns the first with
   * `duplicate: true` and stores nothing. Also deletes uploads older than UNSENT_ATTACHMENT_TTL_MS that no
   * message took. An attachment belongs to its conversation (deleted with it: ON DELETE CASCADE).
   */
  saveAttachment(input: NewAttachment): Promise<{ attachment: AttachmentRow; duplicate: boolean }>;
  findAttachmentByClientId(uploaderId: string, clientId: string): Promise<AttachmentRow | null>;
  getAttachment(id: string): Promise<AttachmentRow | null>;
  /** The stored bytes (the re-encoded image or the PDF), or the preview of an image; null if none. */
  readAttachment(id: string, variant: 'file' | 'preview'): Promise<Buffer | null>;

  /**
   * The key visitor tokens are signed with, one for every node: `candidate` is stored if the database has
   * none yet, and whatever is stored is returned (the first node to start wins; the others read it).
   */
  tokenSecret(candidate: string): Promise<string>;

  /** Desk-wide values admins edit (business hours, …), shared by every node; null when never set. */
  getSetting(key: string): Promise<string | null>;
  setSetting(key: string, value: string): Promise<void>;

  /** Visitors whose e-mail is this one, whatever its case. */
  findVisitorsByEmail(email: string): Promise<VisitorRow[]>;
  /**
   * Deletes these visitors and everything about them — their conversations (whatever their status) with
   * messages, events, notes, ratings and search entries, their flags — in one transaction.
   */
  eraseVisitors(visitorIds: string[]): Promise<ErasedCounts>;
  /**
   * Retention, one batch: deletes up to `limit` conversations that are over (resolved, or the bot's) and
   * were last active before `before`, with everything they hold, and then those conversations' visitors
   * who have nothing left and were last seen before `before`. Safe with several nodes at once.
   */
  purgeConversations(input: { before: number; limit: number }): Promise<ErasedCounts>;
  /**
   * Retention of visitors who never started a conversation (or whose conversations are gone): looks at
   * up to `scan` visitors after id `after`, in id order, and deletes those last seen before `before`
   * with no conversation, with their flags. `next`: where the following call starts; null at the end.
   */
  purgeVisitors(input: { before: number; after: string | null; scan: number }): Promise<{ erased: ErasedCounts; next: string | null }>;

  /** A real query against the database, for the readiness probe: resolves when the store can answer, throws when not. */
  ready(): Promise<void>;
  close(): Promise<void>;
}
