import { computed, signal } from '@preact/signals';
import type { AgentSelf, AgentState } from '../protocol/agent.ts';
import type { DeskSettings } from '../protocol/agent-events.ts';

/** The team as this console sees it: me with my status, everyone's presence and load, the desk's limits. */
export function createRoster(initial: AgentSelf) {
  const me = signal<AgentSelf>(initial);
  const agents = signal<ReadonlyMap<string, AgentState>>(new Map());
  const settings = signal<DeskSettings | null>(null);

  /** "3/5": manual take-overs may go past the limit, which only governs automatic assignment. */
  const capacity = computed(() => {
    const max = settings.value?.maxChats;
    return max === undefined ? null : { chats: agents.value.get(me.value.id)?.chats ?? 0, max };
  });
  /** Whom a conversation can be handed to: someone else, with a console open, taking chats. */
  const transferTargets = computed(() =>
    [...agents.value.values()].filter((a) => a.id !== me.value.id && a.online && a.status === 'available').sort((a, b) => a.chats - b.chats || a.name.localeCompare(b.name)),
  );

  return {
    me,
    agents,
    settings,
    capacity,
    transferTargets,
    replace(self: AgentSelf, list: AgentState[], desk: DeskSettings) {
      me.value = self;
      agents.value = new Map(list.map((a) => [a.id, a]));
      settings.value = desk;
    },
    update(agent: AgentState) {
      agents.value = new Map(agents.value).set(agent.id, agent);
      if (agent.id === me.value.id && agent.status !== me.value.status) me.value = { ...me.value, status: agent.status };
    },
  };
}

export type Roster = ReturnType<typeof createRoster>;
