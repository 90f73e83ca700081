import type { ConversationBrief } from '../../protocol/conversation.ts';
import { STATUS_LABEL, when } from '../format.ts';
import { Isolated } from './Isolated.tsx';

/** The visitor's earlier conversations, newest first; each opens in the pane. */
export function VisitorHistory({ history, onOpen }: { history: ConversationBrief[]; onOpen: (id: string) => void }) {
  return (
    <section aria-labelledby="history-title">
      <h2 id="history-title">Earlier conversations</h2>
      {history.length === 0 ? (
        <p class="muted">None.</p>
      ) : (
        <ul class="history">
          {history.map((h) => (
            <li key={h.id}>
              <button type="button" class="link" onClick={() => onOpen(h.id)}>
                {when(h.createdAt)} · {STATUS_LABEL[h.status]}
                {h.rating !== null && ` · rated ${h.rating}/5`}
              </button>
              {h.lastVisitorMessage && (
                <span class="muted">
                  {' '}
                  “<Isolated text={h.lastVisitorMessage} />”
                </span>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
