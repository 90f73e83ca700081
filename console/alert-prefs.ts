import { signal } from '@preact/signals';

/** The kinds of alert an agent can mute, each on its own. */
export const ALERT_KINDS = ['handoff', 'message', 'urgent'] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];
export type Muted = Record<AlertKind, boolean>;

const NONE_MUTED: Muted = { handoff: false, message: false, urgent: false };

/** What this agent muted, remembered in this browser per agent (two agents may share a computer). */
export function createAlertPrefs(agentId: string) {
  const key = `parley.alerts.${agentId}`;
  const read = (): Muted => {
    try {
      const saved = JSON.parse(localStorage.getItem(key) ?? '{}') as Partial<Muted>;
      return { handoff: saved.handoff === true, message: saved.message === true, urgent: saved.urgent === true };
    } catch {
      return { ...NONE_MUTED };
    }
  };
  const muted = signal<Muted>(read());
  return {
    muted,
    setMuted(kind: AlertKind, value: boolean) {
      muted.value = { ...muted.value, [kind]: value };
      try {
        localStorage.setItem(key, JSON.stringify(muted.value));
      } catch {
        // Storage can be full or blocked: the choice still holds for this tab.
      }
    },
  };
}

export type AlertPrefs = ReturnType<typeof createAlertPrefs>;
