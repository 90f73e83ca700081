import { useSignal } from '@preact/signals';
import { useEffect } from 'preact/hooks';
import type { AgentProfile } from '../../protocol/agent.ts';
import { api } from '../api.ts';
import { AcceptInvite, inviteToken } from './AcceptInvite.tsx';
import { onReports } from '../route.ts';
import { ReportsRoute } from './ReportsRoute.tsx';
import { SignIn } from './SignIn.tsx';
import { WorkspaceScreen } from './WorkspaceScreen.tsx';

export function App() {
  const agent = useSignal<AgentProfile | null | undefined>(undefined);
  // An invitation link (/agent#invite=…) comes before any session this browser may have.
  const invite = useSignal(inviteToken());
  useEffect(() => {
    if (invite.value) return;
    void api.me().then((res) => (agent.value = res.ok ? res.value.agent : null));
  }, []);
  if (invite.value) {
    return (
      <AcceptInvite
        token={invite.value}
        onSignedIn={(a) => {
          invite.value = null;
          agent.value = a;
        }}
        onDone={() => {
          invite.value = null;
          agent.value = null;
        }}
      />
    );
  }
  if (agent.value === undefined) return <p class="loading">Loading…</p>;
  if (agent.value === null) return <SignIn onSignedIn={(a) => (agent.value = a)} />;
  if (onReports()) return <ReportsRoute agent={agent.value} />;
  return <WorkspaceScreen agent={agent.value} onSignOut={() => (agent.value = null)} />;
}
