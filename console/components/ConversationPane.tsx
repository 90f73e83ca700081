import type { ConversationSummary } from '../../protocol/conversation.ts';
import { ERROR_TEXT, STATUS_LABEL, visitorName } from '../format.ts';
import type { Workspace } from '../workspace.ts';
import { Composer } from './Composer.tsx';
import { ConversationActions } from './ConversationActions.tsx';
import { FlagChips } from './FlagChips.tsx';
import { Isolated } from './Isolated.tsx';
import { Transcript } from './Transcript.tsx';

function whereItIs(c: ConversationSummary, meId: string): string {
  if (c.status !== 'assigned') return STATUS_LABEL[c.status];
  return c.assignedAgent?.id === meId ? 'Assigned to you' : `With ${c.assignedAgent?.name ?? 'another agent'}`;
}

/** The open conversation: who, what can be done with it, the transcript and the reply box. */
export function ConversationPane({ ws, onBack, onDetails }: { ws: Workspace; onBack: () => void; onDetails: () => void }) {
  const c = ws.conversation.summary.value;
  if (!c) {
    return (
      <section class="pane empty" aria-label="Conversation">
        <p>Select a conversation.</p>
      </section>
    );
  }
  const meId = ws.me.value.id;
  const open = ws.conversation;
  return (
    <section class="pane" aria-label="Conversation">
      <header class="pane-head">
        <button type="button" class="secondary phone-only" onClick={onBack}>
          ← Conversations
        </button>
        <h2>
          <Isolated text={visitorName(c.visitor)} />
        </h2>
        <FlagChips flags={c.visitor.flags} />
        <span class="status">{whereItIs(c, meId)}</span>
        <button type="button" class="secondary phone-only" onClick={onDetails}>
          Visitor details
        </button>
        <ConversationActions ws={ws} c={c} />
      </header>
      {(ws.notice.value ?? open.error.value) && (
        <p class="error" role="alert">
          {ERROR_TEXT[(ws.notice.value ?? open.error.value)!]}
        </p>
      )}
      <Transcript
        messages={open.messages.value}
        notes={open.notes.value}
        hasEarlier={open.hasEarlier.value}
        loadingEarlier={open.loadingEarlier.value}
        onLoadEarlier={() => void open.loadEarlier()}
        pending={ws.outbox.pending.value.filter((p) => p.conversationId === c.id)}
        typing={open.visitorTyping.value}
        onRetry={ws.outbox.retry}
        onDismiss={ws.outbox.dismiss}
      />
      <Composer key={c.id} ws={ws} c={c} />
    </section>
  );
}
