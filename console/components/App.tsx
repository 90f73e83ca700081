import { signal, useSignal } from '@preact/signals';
import { useEffect, useMemo } from 'preact/hooks';
import type { AgentProfile } from '../../protocol/conversation.ts';
import { api } from '../api.ts';
import { createDesk, type Desk } from '../desk.ts';
import { ConversationPane } from './ConversationPane.tsx';
import { Queue } from './Queue.tsx';
import { SignIn } from './SignIn.tsx';

const CONNECTION_TEXT = { connecting: 'Connecting…', online: 'Online', reconnecting: 'Reconnecting…', 'signed-out': 'Signed out' };

/** Waiting times in the queue tick once a minute; one timer for the whole page. */
const now = signal(Date.now());
setInterval(() => (now.value = Date.now()), 30_000);

function Workspace({ agent, onSignOut }: { agent: AgentProfile; onSignOut: () => void }) {
  const desk: Desk = useMemo(() => createDesk(agent, onSignOut), [agent]);
  useEffect(() => {
    desk.start();
    return () => desk.stop();
  }, [desk]);
  const waiting = desk.queue.value.filter((c) => c.status === 'queued').length;
  useEffect(() => {
    // The tab title counts who is waiting, so an agent in another tab notices.
    document.title = waiting > 0 ? `(${waiting}) Parley — agent console` : 'Parley — agent console';
  }, [waiting]);

  const signOut = async () => {
    desk.stop();
    await api.logout();
    onSignOut();
  };

  return (
    <div class="workspace">
      <header class="top">
        <h1>Parley</h1>
        <p class={`connection ${desk.connection.value}`} role="status">
          {CONNECTION_TEXT[desk.connection.value]}
        </p>
        <span class="me">{agent.name}</span>
        <button type="button" class="secondary" onClick={signOut}>
          Sign out
        </button>
      </header>
      <Queue desk={desk} now={now.value} />
      <ConversationPane desk={desk} />
    </div>
  );
}

export function App() {
  const agent = useSignal<AgentProfile | null | undefined>(undefined);
  useEffect(() => {
    void api.me().then((res) => (agent.value = res.ok ? res.value.agent : null));
  }, []);
  if (agent.value === undefined) return <p class="loading">Loading…</p>;
  if (agent.value === null) return <SignIn onSignedIn={(a) => (agent.value = a)} />;
  return <Workspace agent={agent.value} onSignOut={() => (agent.value = null)} />;
}
