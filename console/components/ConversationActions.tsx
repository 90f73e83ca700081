import { useSignal } from '@preact/signals';
import type { ConversationSummary } from '../../protocol/conversation.ts';
import type { Workspace } from '../workspace.ts';
import { TransferDialog } from './TransferDialog.tsx';

/** What this agent may do with the conversation now; the server checks the same rules again. */
export function ConversationActions({ ws, c }: { ws: Workspace; c: ConversationSummary }) {
  const transferring = useSignal(false);
  const mine = c.status === 'assigned' && c.assignedAgent?.id === ws.me.value.id;
  const canTakeOver = c.status === 'queued' || c.status === 'offline' || c.status === 'bot';
  const canResolve = c.status !== 'resolved' && (mine || c.status !== 'assigned');
  return (
    <span class="actions">
      {canTakeOver && (
        <button type="button" onClick={() => void ws.claim(c.id)}>
          Take over
        </button>
      )}
      {c.status === 'resolved' && (
        <button type="button" onClick={() => void ws.claim(c.id)}>
          Follow up
        </button>
      )}
      {mine && (
        <>
          <button type="button" class="secondary" onClick={() => (transferring.value = true)}>
            Transfer
          </button>
          <button type="button" class="secondary" onClick={() => void ws.release(c.id)}>
            Release
          </button>
        </>
      )}
      {canResolve && (
        <button type="button" class="secondary" onClick={() => void ws.resolve(c.id)}>
          Resolve
        </button>
      )}
      {transferring.value && <TransferDialog ws={ws} c={c} onClose={() => (transferring.value = false)} />}
    </span>
  );
}
