import type { AgentProfile, AgentSelf, AgentStatus } from '../../protocol/index.ts';
import type { DeskContext } from './context.ts';
import { sweepQueue } from './queue-watch.ts';

export interface AgentPresence {
  /** A console of this agent connected to / left node `node`. */
  connected(me: AgentProfile, node: string): Promise<void>;
  disconnected(me: AgentProfile, node: string): Promise<void>;
  /** The switch in the console header: away agents keep their chats but get nothing new. */
  setStatus(me: AgentProfile, status: AgentStatus): Promise<{ me: AgentSelf }>;
}

/**
 * Who can take a chat: presence (a console connected, kept alive by its node's heartbeat) and the agent's
 * own status. Every change can move the queue: a new agent takes waiting chats, the last one leaving
 * offers the waiting visitors the leave-a-message form.
 */
export function createAgentPresence(ctx: DeskContext): AgentPresence {
  const { store } = ctx;
  const changed = async (me: AgentProfile) => {
    ctx.staffingChanged();
    await ctx.publish.agents([me.id]);
    await sweepQueue(ctx);
  };
  return {
    async connected(me, node) {
      await store.setAgentPresence(me.id, node, true, ctx.now());
      await changed(me);
    },
    async disconnected(me, node) {
      await store.setAgentPresence(me.id, node, false, ctx.now());
      await changed(me);
    },
    async setStatus(me, status) {
      await store.setAgentStatus(me.id, status);
      ctx.log.info({ agentId: me.id, status }, 'agent status');
      await changed(me);
      return { me: { ...me, status } };
    },
  };
}
