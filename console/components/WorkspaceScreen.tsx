import { useSignal } from '@preact/signals';
import { useEffect, useMemo } from 'preact/hooks';
import type { AgentProfile } from '../../protocol/agent.ts';
import { api } from '../api.ts';
import { unlockAudioOnFirstGesture } from '../alert-sound.ts';
import { createWorkspace } from '../workspace.ts';
import { ConversationList } from './ConversationList.tsx';
import { ConversationPane } from './ConversationPane.tsx';
import { Header } from './Header.tsx';
import { SidePanel } from './SidePanel.tsx';
import { UrgentBanners } from './UrgentBanners.tsx';

/** On a phone one step shows at a time; on wider screens all three stand side by side. */
export type Step = 'list' | 'conversation' | 'panel';

const TITLE = 'Parley — agent console';

export function WorkspaceScreen({ agent, onSignOut }: { agent: AgentProfile; onSignOut: () => void }) {
  const ws = useMemo(() => createWorkspace(agent, onSignOut), [agent]);
  const step = useSignal<Step>('list');
  useEffect(() => {
    unlockAudioOnFirstGesture();
    ws.start();
    return () => ws.stop();
  }, [ws]);

  // The tab title counts who waits for an answer, so an agent working in another tab notices.
  const waiting = ws.waiting.needsAnswer.value;
  useEffect(() => {
    document.title = waiting > 0 ? `(${waiting}) ${TITLE}` : TITLE;
  }, [waiting]);
  useEffect(() => () => void (document.title = TITLE), []);

  // However a conversation gets opened (a row, an alert, a notification), a phone shows it.
  const openId = ws.conversation.id.value;
  useEffect(() => {
    if (openId) step.value = 'conversation';
  }, [openId]);
  const open = (id: string) => {
    step.value = 'conversation';
    return ws.open(id);
  };
  const signOut = async () => {
    ws.stop();
    await api.logout();
    onSignOut();
  };

  return (
    <div class="workspace" data-step={step.value}>
      <Header ws={ws} onSignOut={signOut} />
      {/* The page's one main landmark; display: contents, so its parts stay cells of the workspace grid. The
          visitor panel (a complementary landmark) stays outside: those belong at the top level. */}
      <main class="contents">
        <UrgentBanners ws={ws} onOpen={open} />
        <ConversationList ws={ws} onOpen={open} />
        <ConversationPane ws={ws} onBack={() => (step.value = 'list')} onDetails={() => (step.value = 'panel')} />
        <p class="visually-hidden" aria-live="polite">
          {ws.alerts.announcement.value}
        </p>
      </main>
      <SidePanel ws={ws} onOpen={open} onBack={() => (step.value = 'conversation')} />
    </div>
  );
}
