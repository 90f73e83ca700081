import type { AgentProfile, VisitorFlag, VisitorFlagChange } from '../../protocol/index.ts';
import type { DeskContext } from './context.ts';
import { DeskError } from './errors.ts';
import { flagView } from './views.ts';

export interface VisitorFlags {
  flag(me: AgentProfile, input: VisitorFlagChange): Promise<{ flags: VisitorFlag[] }>;
  unflag(me: AgentProfile, input: VisitorFlagChange): Promise<{ flags: VisitorFlag[] }>;
}

/** Flags on a visitor (abusive, VIP, a free label): who set them and when, across all their conversations. */
export function createVisitorFlags(ctx: DeskContext): VisitorFlags {
  const { store } = ctx;
  const after = async (visitorId: string) => {
    const flags = ((await store.listVisitorFlags([visitorId])).get(visitorId) ?? []).map(flagView);
    // The visitor's current conversation shows its flags in every console's list.
    const latest = await store.latestConversationForVisitor(visitorId);
    if (latest) await ctx.publish.activity(latest);
    return { flags };
  };
  const known = async (visitorId: string) => {
    if (!(await store.getVisitor(visitorId))) throw new DeskError('not_found');
  };
  return {
    async flag(me, { visitorId, label }) {
      await known(visitorId);
      await store.setVisitorFlag({ visitorId, label, agentId: me.id, at: ctx.now() });
      ctx.log.info({ visitorId, label, agentId: me.id }, 'visitor flagged');
      return after(visitorId);
    },
    async unflag(me, { visitorId, label }) {
      await known(visitorId);
      await store.removeVisitorFlag(visitorId, label);
      ctx.log.info({ visitorId, label, agentId: me.id }, 'visitor unflagged');
      return after(visitorId);
    },
  };
}
