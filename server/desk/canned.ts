import type { AgentProfile, CannedResponse, CannedSave } from '../../protocol/index.ts';
import type { DeskContext } from './context.ts';
import { DeskError } from './errors.ts';
import { cannedView } from './views.ts';

export interface CannedDesk {
  list(): Promise<CannedResponse[]>;
  save(me: AgentProfile, input: CannedSave): Promise<CannedResponse>;
  remove(me: AgentProfile, id: string): Promise<void>;
}

/** Saved replies, shared by the team: every change goes to every console. */
export function createCannedDesk(ctx: DeskContext): CannedDesk {
  const { store } = ctx;
  const list = async () => (await store.listCanned()).map(cannedView);
  const broadcast = async () => ctx.notify.toAgents('canned:update', await list());
  return {
    list,
    async save(me, input) {
      const saved = await store.saveCanned({ id: input.id, shortcut: input.shortcut, text: input.text, agentId: me.id });
      if (saved === null) throw new DeskError('not_found');
      if (saved === 'taken') throw new DeskError('conflict');
      await broadcast();
      return cannedView(saved);
    },
    async remove(_me, id) {
      if (!(await store.deleteCanned(id))) throw new DeskError('not_found');
      await broadcast();
    },
  };
}
