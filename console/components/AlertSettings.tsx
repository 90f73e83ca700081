import { useSignal } from '@preact/signals';
import { ALERT_KINDS, type AlertKind } from '../alert-prefs.ts';
import type { Alerts } from '../alerts.ts';
import { checkDesktopPermission, desktopPermission, enableDesktopAlerts } from '../desktop-alerts.ts';

const KIND_LABEL: Record<AlertKind, string> = {
  handoff: 'New chats for me or waiting',
  message: 'New messages in my chats',
  urgent: 'Urgent handoffs',
};

/** Shown until the agent decides: the browser's prompt only ever comes from this click. */
export function EnableDesktopAlerts() {
  if (desktopPermission.value !== 'default') return null;
  return (
    <button type="button" onClick={() => void enableDesktopAlerts()}>
      Enable desktop alerts
    </button>
  );
}

function DesktopState() {
  switch (desktopPermission.value) {
    case 'default':
      return <p>Desktop alerts are off until you enable them.</p>;
    case 'granted':
      return <p>Desktop alerts are on.</p>;
    case 'denied':
      return <p>Desktop alerts are blocked: allow notifications for this site in the browser's settings.</p>;
    default:
      return <p>This browser cannot show desktop alerts.</p>;
  }
}

/** Which alerts sound and pop up: each kind on its own, remembered for this agent in this browser. */
export function AlertSettings({ alerts }: { alerts: Alerts }) {
  const open = useSignal(false);
  const muted = alerts.prefs.muted.value;
  return (
    <div class="alert-settings" onKeyDown={(e) => e.key === 'Escape' && (open.value = false)}>
      <button
        type="button"
        class="secondary"
        aria-expanded={open.value}
        aria-controls="alert-settings"
        onClick={() => {
          checkDesktopPermission();
          open.value = !open.value;
        }}
      >
        Alerts
      </button>
      {open.value && (
        <div id="alert-settings" class="popover" role="group" aria-label="Alert settings">
          <p class="muted">Sound and desktop notification for:</p>
          {ALERT_KINDS.map((kind) => (
            <label key={kind} class="check">
              <input type="checkbox" checked={!muted[kind]} onChange={(e) => alerts.prefs.setMuted(kind, !e.currentTarget.checked)} />
              {KIND_LABEL[kind]}
            </label>
          ))}
          <DesktopState />
        </div>
      )}
    </div>
  );
}
