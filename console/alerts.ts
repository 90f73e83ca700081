import { signal } from '@preact/signals';
import type { Alert } from '../protocol/agent-events.ts';
import type { ConversationSummary } from '../protocol/conversation.ts';
import type { AgentMessage } from '../protocol/message.ts';
import { createAlertPrefs, type AlertKind } from './alert-prefs.ts';
import { playAlertSound } from './alert-sound.ts';
import { showDesktopAlert } from './desktop-alerts.ts';
import { isolated, visitorName, visitorWords } from './format.ts';

/** An urgent handoff the agent has not opened yet: its banner stays until they do. */
export interface UrgentBanner {
  conversationId: string;
  text: string;
}

interface AlertsDeps {
  meId: string;
  /** The conversation on screen, if any. */
  openId: () => string | null;
  open: (conversationId: string) => void;
}

const HEADLINE: Record<Alert['kind'], (who: string, alert: Alert) => string> = {
  assigned: (who) => `New chat for you: ${who}`,
  transferred: (who, a) => `${a.from?.name ?? 'A colleague'} transferred ${who} to you`,
  queued: (who) => `${who} is waiting: every agent is at their limit`,
};

/**
 * Getting the agent's attention: a sound, a desktop notification and a polite announcement when something
 * needs them and they are not already looking at it. Urgent handoffs sound different, keep their
 * notification on screen and keep a banner in the console until opened.
 */
export function createAlerts({ meId, openId, open }: AlertsDeps) {
  const prefs = createAlertPrefs(meId);
  const banners = signal<UrgentBanner[]>([]);
  /** The latest alert in words, for the polite live region. */
  const announcement = signal('');

  const seen = (conversationId: string) => {
    if (banners.value.some((b) => b.conversationId === conversationId)) banners.value = banners.value.filter((b) => b.conversationId !== conversationId);
  };
  const looking = (conversationId: string) => document.visibilityState === 'visible' && openId() === conversationId;

  const raise = (kind: AlertKind, conversationId: string, title: string, body: string) => {
    announcement.value = title;
    if (prefs.muted.value[kind]) return;
    const urgent = kind === 'urgent';
    playAlertSound(urgent ? 'urgent' : 'normal');
    showDesktopAlert({ title, body, tag: conversationId, sticky: urgent, onClick: () => open(conversationId) });
  };

  return {
    prefs,
    banners,
    announcement,
    /** alert: a chat assigned or transferred to me, or one waiting with nobody free. */
    onAlert(alert: Alert) {
      const c = alert.conversation;
      if (looking(c.id)) return;
      const urgent = c.priority === 'urgent';
      const title = `${urgent ? 'Urgent — ' : ''}${HEADLINE[alert.kind](isolated(visitorName(c.visitor)), alert)}`;
      const body = alert.note ?? visitorWords(c) ?? '';
      if (urgent && openId() !== c.id && !banners.value.some((b) => b.conversationId === c.id)) {
        banners.value = [...banners.value, { conversationId: c.id, text: title }];
      }
      raise(urgent ? 'urgent' : 'handoff', c.id, title, body);
    },
    /** A visitor wrote in one of my conversations. */
    onMessage(m: AgentMessage, c: ConversationSummary | null) {
      if (m.author !== 'visitor' || !c || c.status !== 'assigned' || c.assignedAgent?.id !== meId || looking(c.id)) return;
      raise('message', c.id, `${isolated(visitorName(c.visitor))} wrote`, m.text);
    },
    /** Opened: its urgent banner has done its job. */
    seen,
    /** Someone else took it, or it was resolved: nothing left for this agent to do about the banner. */
    upsert(c: ConversationSummary) {
      const gone = c.status === 'resolved' || (c.status === 'assigned' && c.assignedAgent?.id !== meId);
      if (gone) seen(c.id);
    },
  };
}

export type Alerts = ReturnType<typeof createAlerts>;
