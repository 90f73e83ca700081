import type { Workspace } from '../workspace.ts';
import { ConversationMail } from './ConversationMail.tsx';
import { HandoffSummary } from './HandoffSummary.tsx';
import { VisitorCard } from './VisitorCard.tsx';
import { VisitorFlags } from './VisitorFlags.tsx';
import { VisitorHistory } from './VisitorHistory.tsx';

/** Beside the transcript: why it was handed over, who the visitor is, and what came before. */
export function SidePanel({ ws, onOpen, onBack }: { ws: Workspace; onOpen: (id: string) => void; onBack: () => void }) {
  const c = ws.conversation.summary.value;
  if (!c) return null;
  return (
    <aside class="context" aria-label="Visitor details">
      <button type="button" class="secondary phone-only" onClick={onBack}>
        ← Conversation
      </button>
      {c.handoff && <HandoffSummary h={c.handoff} />}
      <VisitorCard c={c} />
      <VisitorFlags ws={ws} v={c.visitor} />
      <VisitorHistory history={ws.conversation.history.value} onOpen={onOpen} />
      {ws.mail.summary.value?.on && <ConversationMail request={ws.request} conversationId={c.id} onRetry={ws.mail.retry} />}
      {c.rating && (
        <section aria-labelledby="rating-title">
          <h2 id="rating-title">Rating</h2>
          <p>
            {c.rating.score} / 5{c.rating.comment && <> — “{c.rating.comment}”</>}
          </p>
        </section>
      )}
    </aside>
  );
}
