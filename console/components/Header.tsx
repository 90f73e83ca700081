import { useSignal } from '@preact/signals';
import type { AgentStatus } from '../../protocol/agent.ts';
import { ERROR_TEXT, when } from '../format.ts';
import type { Workspace } from '../workspace.ts';
import { AdminPanel } from './AdminPanel.tsx';
import { AlertSettings, EnableDesktopAlerts } from './AlertSettings.tsx';
import { CannedManager } from './CannedManager.tsx';
import { MailMenu } from './MailMenu.tsx';

const CONNECTION_TEXT = { connecting: 'Connecting…', online: 'Online', reconnecting: 'Reconnecting…', 'signed-out': 'Signed out' };

/** Who I am and how I take work: status, load, alerts, saved replies. */
export function Header({ ws, onSignOut }: { ws: Workspace; onSignOut: () => void }) {
  const error = useSignal<string | null>(null);
  const managing = useSignal(false);
  const administering = useSignal(false);
  const me = ws.me.value;
  const capacity = ws.roster.capacity.value;
  const settings = ws.roster.settings.value;

  const setStatus = async (status: AgentStatus) => {
    error.value = null;
    const failed = await ws.setStatus(status);
    if (failed) error.value = ERROR_TEXT[failed];
  };

  return (
    <header class="top">
      <h1>Parley</h1>
      <p class={`connection ${ws.connection.value}`} role="status">
        {CONNECTION_TEXT[ws.connection.value]}
      </p>
      <label class="status-switch">
        <span>Status</span>
        <select value={me.status} onChange={(e) => void setStatus(e.currentTarget.value as AgentStatus)}>
          <option value="available">Available</option>
          <option value="away">Away</option>
        </select>
      </label>
      {capacity && (
        <span class={`capacity${capacity.chats >= capacity.max ? ' full' : ''}`} title="Chats assigned to you, and the limit for automatic assignment">
          {capacity.chats}/{capacity.max} chats
        </span>
      )}
      {settings && !settings.open && (
        <span class="closed">Outside business hours{settings.opensAt ? ` — opens ${when(settings.opensAt)}` : ''}: visitors are offered the message form.</span>
      )}
      {error.value && (
        <span class="error" role="alert">
          {error.value}
        </span>
      )}
      <span class="tools">
        {/* Agents use saved replies from the composer; only admins edit them (the server refuses the others). */}
        {me.role === 'admin' && (
          <>
            <button type="button" class="secondary" onClick={() => (managing.value = true)}>
              Saved replies
            </button>
            <button type="button" class="secondary" onClick={() => (administering.value = true)}>
              Admin
            </button>
          </>
        )}
        <a href="#/reports" class="reports-link">
          Reports
        </a>
        <MailMenu mail={ws.mail} admin={me.role === 'admin'} onOpen={(id) => void ws.open(id)} />
        <EnableDesktopAlerts />
        <AlertSettings alerts={ws.alerts} />
        <span class="me">{me.name}</span>
        <button type="button" class="secondary" onClick={onSignOut}>
          Sign out
        </button>
      </span>
      {managing.value && <CannedManager ws={ws} onClose={() => (managing.value = false)} />}
      {administering.value && <AdminPanel meId={me.id} onClose={() => (administering.value = false)} />}
    </header>
  );
}
