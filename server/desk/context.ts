import type { ConversationSummary, VisitorConversation } from '../../protocol/index.ts';
import type { Bot } from '../bot/types.ts';
import type { Logger } from '../log.ts';
import type { ConversationRow, MessageRow, Store } from '../store/store.ts';
import type { KeyedLock } from './keyed-lock.ts';
import type { Notifier } from './notifier.ts';
import { queuePosition } from './queue.ts';
import { toAgentMessage, toMessage, toSummary, toVisitorConversation } from './views.ts';

export interface DeskDeps {
  store: Store;
  /** The current bot: the intents watcher swaps it when the pack changes. */
  bot: () => Bot;
  notify: Notifier;
  log: Logger;
  now?: () => number;
}

/** What the visitor and agent services share: dependencies plus the views and broadcasts built from them. */
export interface DeskContext extends Required<DeskDeps> {
  lock: KeyedLock;
  visitorView(conv: ConversationRow): Promise<VisitorConversation>;
  summary(conv: ConversationRow): Promise<ConversationSummary>;
  /** A new message: to every tab of its visitor (without bot meta) and to every agent (with it). */
  publishMessage(conv: ConversationRow, message: MessageRow): void;
  /** A changed conversation: conversation:update to its visitor, conversation:upsert to agents. */
  publishConversation(conv: ConversationRow): Promise<void>;
  /** Only agents care (e.g. a new last message on a bot conversation). */
  publishSummary(conv: ConversationRow): Promise<void>;
  /** Everyone still queued may have moved: tell each their place (except `skipId`, told already). */
  publishQueuePositions(skipId?: string): Promise<void>;
}

const QUEUE_SCAN_LIMIT = 1000;

export function createDeskContext(deps: DeskDeps, lock: KeyedLock): DeskContext {
  const { store, notify } = deps;
  const now = deps.now ?? Date.now;

  const queued = () => store.listConversations({ statuses: ['queued'], limit: QUEUE_SCAN_LIMIT });

  const visitorView = async (conv: ConversationRow): Promise<VisitorConversation> => {
    const [visitor, agent, position] = await Promise.all([
      store.getVisitor(conv.visitorId),
      conv.assignedAgentId ? store.getAgent(conv.assignedAgentId) : null,
      conv.status === 'queued' ? queued().then((q) => queuePosition(q, conv.id)) : null,
    ]);
    return toVisitorConversation(conv, { agentName: agent?.name ?? null, queuePosition: position, visitorEmail: visitor?.email ?? null });
  };

  const summary = async (conv: ConversationRow): Promise<ConversationSummary> => {
    const [visitor, agent, last] = await Promise.all([
      store.getVisitor(conv.visitorId),
      conv.assignedAgentId ? store.getAgent(conv.assignedAgentId) : null,
      store.lastMessage(conv.id),
    ]);
    return toSummary(conv, { visitor, agent, last });
  };

  return {
    ...deps,
    now,
    lock,
    visitorView,
    summary,
    publishMessage(conv, message) {
      notify.toVisitor(conv.visitorId, 'message:new', toMessage(message));
      notify.toAgents('message:new', toAgentMessage(message));
    },
    async publishConversation(conv) {
      const [view, sum] = await Promise.all([visitorView(conv), summary(conv)]);
      notify.toVisitor(conv.visitorId, 'conversation:update', view);
      notify.toAgents('conversation:upsert', sum);
    },
    async publishSummary(conv) {
      notify.toAgents('conversation:upsert', await summary(conv));
    },
    async publishQueuePositions(skipId) {
      const rows = await queued();
      for (const row of rows) {
        if (row.id === skipId) continue;
        const [visitor, agent] = await Promise.all([store.getVisitor(row.visitorId), row.assignedAgentId ? store.getAgent(row.assignedAgentId) : null]);
        const view = toVisitorConversation(row, {
          agentName: agent?.name ?? null,
          queuePosition: queuePosition(rows, row.id),
          visitorEmail: visitor?.email ?? null,
        });
        notify.toVisitor(row.visitorId, 'conversation:update', view);
      }
    },
  };
}
