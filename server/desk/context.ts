import { compareForQueue, type Alert, type Availability, type ConversationSummary, type DeskSettings as DeskSettingsView, type VisitorConversation } from '../../protocol/index.ts';
import type { AddressLimits } from '../auth/address-limits.ts';
import { NO_IDENTITY_SECRET, type IdentityPolicy } from '../auth/identity.ts';
import type { Bot, Decision, Turn } from '../bot/types.ts';
import type { Logger } from '../log.ts';
import type { ConversationRow, MessageRow, Store } from '../store/store.ts';
import { createAdmission, type Admission } from './admission.ts';
import type { BusinessHours } from './business-hours.ts';
import type { KeyedLock } from './keyed-lock.ts';
import type { DeskMail } from './mail-out.ts';
import type { Notifier } from './notifier.ts';
import { agentState, conversationSummary, messageForAgent, messageForVisitor, visitorConversation, visitorProfile } from './views.ts';
import { WAIT_WINDOW_MS, waitEstimate } from './wait-estimate.ts';

/** How the desk runs: capacity, the queue timeout, business hours, and how long presence lasts. */
export interface DeskSettings {
  maxChats: number;
  queueTimeoutMs: number;
  hours: BusinessHours;
  /** A console not heard from for this long no longer counts as online. */
  presenceTtlMs: number;
}

export interface DeskDeps {
  store: Store;
  /** The current bot: the intents watcher swaps it when the pack changes. */
  bot: () => Bot;
  /**
   * The bot's decision on a visitor's message: on the bot's worker thread in a running server
   * (server/bot/bot-thread.ts); by default the current bot's, on the event loop.
   */
  decide?: (turn: Turn) => Promise<Decision>;
  notify: Notifier;
  log: Logger;
  settings: DeskSettings;
  /** How many visitors and conversations one client address may start per minute. */
  limits: AddressLimits;
  /** Whether the node takes another visitor message now (default: always, until drained). */
  admission?: Admission;
  /** Verifies Parley('identify', {id, hash}) (default: no secret, so nobody is verified and nothing required). */
  identity?: IdentityPolicy;
  now?: () => number;
  /** Null or absent: mail is off (no PARLEY_SMTP_URL); the widget promises none and nothing is queued. */
  mail?: DeskMail | null;
}

/** Whether a person can answer now; `agents` counts available agents with a live console. */
export interface Staffing {
  open: boolean;
  agents: number;
  opensAt: number | null;
}

/** What the desk's services share: dependencies plus the views and broadcasts built from them. */
export interface DeskContext extends Required<DeskDeps> {
  /** Serialises one visitor's messages and the bot's turns on them (within this process). */
  lock: KeyedLock;
  /** Presence rows touched since this instant count as online. */
  seenSince(): number;
  /**
   * Whether a person can answer now. The count of agents online is read again unless one read at most
   * `maxAgeMs` ago (default 0: always) is at hand — routing decides on a fresh one; wording may use an older.
   */
  staffing(opts?: { maxAgeMs?: number }): Promise<Staffing>;
  /** This node changed an agent's presence or status: the next staffing() counts again. */
  staffingChanged(): void;
  availability(): Promise<Availability>;
  /** What the console shows of the desk: the chat limit, the queue timeout, open or closed now. */
  settingsView(): DeskSettingsView;
  visitorView(conv: ConversationRow): Promise<VisitorConversation>;
  summaries(rows: ConversationRow[]): Promise<ConversationSummary[]>;
  summary(row: ConversationRow): Promise<ConversationSummary>;
  /** Writes a system line into the conversation and shows it to both sides. */
  say(conv: ConversationRow, text: string): Promise<void>;
  publish: {
    /** A new message: to every tab of its visitor (without bot meta), and to the consoles on it. */
    message(conv: ConversationRow, message: MessageRow): void;
    /** A change of status or assignment: the visitor's view, and every console's list (bot chats: watchers). */
    conversation(conv: ConversationRow): Promise<void>;
    /**
     * New activity without a change of status: every console's list, for conversations with a person.
     * Not for bot conversations: a busy shop's bot chats would flood every console.
     */
    activity(conv: ConversationRow): Promise<void>;
    /** Everyone queued may have moved: tell each their place and the wait estimate. */
    queue(): Promise<void>;
    /** The roster rows of these agents (status, presence, chats) to every console. */
    agents(ids: Array<string | null>): Promise<void>;
    alert(agentId: string, alert: Alert): void;
  };
}

export function createDeskContext(deps: DeskDeps, lock: KeyedLock): DeskContext {
  const { store, notify, settings } = deps;
  const now = deps.now ?? Date.now;
  const seenSince = () => now() - settings.presenceTtlMs;

  let counted: { at: number; agents: number } | null = null;
  const staffing = async ({ maxAgeMs = 0 } = {}): Promise<Staffing> => {
    const at = now();
    const open = settings.hours.isOpen(at);
    if (!counted || at - counted.at > maxAgeMs) counted = { at, agents: await store.countAvailableAgents(seenSince()) };
    return { open, agents: counted.agents, opensAt: open ? null : settings.hours.nextOpening(at) };
  };

  const queueOrder = async () => (await store.listWaiting()).filter((c) => c.status === 'queued').sort(compareForQueue);
  const estimate = async () => waitEstimate(await store.firstReplyDelays(now() - WAIT_WINDOW_MS));
  const agentName = async (id: string | null) => (id ? ((await store.getAgent(id))?.name ?? null) : null);

  const visitorView = async (conv: ConversationRow): Promise<VisitorConversation> => {
    const queued = conv.status === 'queued';
    const [name, order, wait] = await Promise.all([agentName(conv.assignedAgentId), queued ? queueOrder() : [], queued ? estimate() : null]);
    const i = order.findIndex((c) => c.id === conv.id);
    return visitorConversation(conv, { agentName: name, queuePosition: i < 0 ? null : i + 1, waitEstimateMs: wait });
  };

  const summaries = async (rows: ConversationRow[]): Promise<ConversationSummary[]> => {
    if (rows.length === 0) return [];
    const visitorIds = rows.map((r) => r.visitorId);
    // Only the assignees' names: the roster query (every agent's chat count) is more than a summary needs.
    const assignees = [...new Set(rows.map((r) => (r.status === 'assigned' ? r.assignedAgentId : null)).filter((id) => id !== null))];
    const [visitors, flags, agents] = await Promise.all([
      store.getVisitors(visitorIds),
      store.listVisitorFlags(visitorIds),
      Promise.all(assignees.map((id) => store.getAgent(id))),
    ]);
    const visitorById = new Map(visitors.map((v) => [v.id, v]));
    const agentById = new Map(agents.filter((a) => a !== null).map((a) => [a.id, a]));
    return rows.map((row) =>
      conversationSummary(row, {
        visitor: visitorProfile(row.visitorId, visitorById.get(row.visitorId) ?? null, flags.get(row.visitorId) ?? []),
        agent: row.assignedAgentId ? (agentById.get(row.assignedAgentId) ?? null) : null,
      }),
    );
  };
  const summary = async (row: ConversationRow) => (await summaries([row]))[0]!;

  const publish: DeskContext['publish'] = {
    message(conv, message) {
      notify.toVisitor(conv.visitorId, 'message:new', messageForVisitor(message));
      notify.toConversation(conv.id, conv.status === 'assigned' ? conv.assignedAgentId : null, 'message:new', messageForAgent(message));
    },
    async conversation(conv) {
      const [view, sum] = await Promise.all([visitorView(conv), summary(conv)]);
      notify.toVisitor(conv.visitorId, 'conversation:update', view);
      // A conversation just started (or reopened) with the bot concerns no agent yet: a flood of new chats
      // must not flood every console. Consoles showing it still hear.
      if (conv.status === 'bot') notify.toConversation(conv.id, null, 'conversation:upsert', sum);
      else notify.toAgents('conversation:upsert', sum);
    },
    async activity(conv) {
      // A bot conversation's consoles (if any watch it) follow its messages; its summary changes nothing
      // they act on, and building one per bot turn would put the roster and flags on the bot's hot path.
      if (conv.status === 'bot') return;
      notify.toAgents('conversation:upsert', await summary(conv));
    },
    async queue() {
      const [order, wait] = await Promise.all([queueOrder(), estimate()]);
      order.forEach((row, i) => {
        notify.toVisitor(row.visitorId, 'conversation:update', visitorConversation(row, { agentName: null, queuePosition: i + 1, waitEstimateMs: wait }));
      });
    },
    async agents(ids) {
      const wanted = new Set(ids.filter((id): id is string => id !== null));
      if (wanted.size === 0) return;
      for (const row of await store.listAgentStates(seenSince())) {
        if (wanted.has(row.id)) notify.toAgents('agent:update', agentState(row));
      }
    },
    alert(agentId, alert) {
      notify.toAgent(agentId, 'alert', alert);
    },
  };

  const say = async (conv: ConversationRow, text: string) => {
    const appended = await store.appendMessage({ conversationId: conv.id, author: 'system', senderId: null, authorName: null, text, clientId: null });
    if (appended) publish.message(conv, appended.message);
  };

  return {
    ...deps,
    admission: deps.admission ?? createAdmission({ maxTurns: Infinity, maxLagMs: null }),
    decide: deps.decide ?? (async (turn) => deps.bot().decide(turn)),
    identity: deps.identity ?? NO_IDENTITY_SECRET,
    mail: deps.mail ?? null,
    now,
    lock,
    seenSince,
    staffing,
    staffingChanged() {
      counted = null;
    },
    async availability() {
      // Counted afresh: a visitor arriving just after an agent came online (on any node) sees them.
      const s = await staffing();
      return { open: s.open, agents: s.agents > 0, opensAt: s.opensAt, mail: deps.mail != null };
    },
    settingsView() {
      const at = now();
      const open = settings.hours.isOpen(at);
      return { maxChats: settings.maxChats, queueTimeoutMs: settings.queueTimeoutMs, open, opensAt: open ? null : settings.hours.nextOpening(at), mail: deps.mail != null };
    },
    visitorView,
    summaries,
    summary,
    say,
    publish,
  };
}
