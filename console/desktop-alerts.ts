import { signal } from '@preact/signals';

export type DesktopPermission = NotificationPermission | 'unsupported';

const current = (): DesktopPermission => (typeof Notification === 'undefined' ? 'unsupported' : Notification.permission);

/** Whether this browser may show desktop notifications; the console asks only when the agent clicks. */
export const desktopPermission = signal<DesktopPermission>(current());

/** The agent may have changed it in the browser's settings since. */
export const checkDesktopPermission = (): void => void (desktopPermission.value = current());

/** Asks once, from the agent's click: a prompt on page load is what browsers (and agents) block. */
export async function enableDesktopAlerts(): Promise<void> {
  if (current() !== 'default') return void (desktopPermission.value = current());
  desktopPermission.value = await Notification.requestPermission().catch(() => current());
}

export interface DesktopAlert {
  title: string;
  body: string;
  /** One notification per conversation: a newer one replaces the older. */
  tag: string;
  /** Stays on screen until the agent acts on it. */
  sticky: boolean;
  onClick: () => void;
}

export function showDesktopAlert(alert: DesktopAlert): void {
  if (current() !== 'granted') return;
  try {
    const n = new Notification(alert.title, { body: alert.body, tag: alert.tag, requireInteraction: alert.sticky });
    n.onclick = () => {
      window.focus();
      alert.onClick();
      n.close();
    };
  } catch {
    // Some browsers (Chrome on Android) allow notifications only from a service worker: the sound,
    // the tab title and the in-page banner still tell the agent.
  }
}
