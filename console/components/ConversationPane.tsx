import { useSignal } from '@preact/signals';
import { useRef } from 'preact/hooks';
import { MAX_MESSAGE_CHARS } from '../../protocol/limits.ts';
import type { Desk } from '../desk.ts';
import { ERROR_TEXT, STATUS_LABEL } from '../format.ts';
import { HandoffPanel } from './HandoffPanel.tsx';
import { Transcript } from './Transcript.tsx';

/** Typing stops counting after this long without a keystroke. */
const TYPING_IDLE_MS = 3000;

export function ConversationPane({ desk }: { desk: Desk }) {
  const c = desk.selected.value;
  const draft = useSignal('');
  const typingTimer = useRef<ReturnType<typeof setTimeout> | null>(null);
  if (!c) {
    return (
      <section class="pane empty" aria-label="Conversation">
        <p>Select a conversation on the left.</p>
      </section>
    );
  }
  const mine = c.status === 'assigned' && c.assignedAgent?.id === desk.me.id;
  const canTakeOver = c.status === 'queued' || c.status === 'offline' || c.status === 'bot';
  const canResolve = c.status !== 'resolved' && (mine || c.status !== 'assigned');

  const stopTyping = () => {
    if (typingTimer.current) clearTimeout(typingTimer.current);
    typingTimer.current = null;
    desk.typing(c.id, false);
  };
  const onInput = (value: string) => {
    draft.value = value;
    if (!typingTimer.current) desk.typing(c.id, true);
    else clearTimeout(typingTimer.current);
    typingTimer.current = setTimeout(stopTyping, TYPING_IDLE_MS);
  };
  const send = (e?: Event) => {
    e?.preventDefault();
    const text = draft.value.trim();
    if (!text || !mine) return;
    desk.send(c.id, text);
    draft.value = '';
    stopTyping();
  };

  return (
    <section class="pane" aria-label="Conversation">
      <header class="pane-head">
        <h2>{c.visitor.name ?? c.visitor.email ?? 'Visitor'}</h2>
        <span class="status">{mine ? 'Assigned to you' : c.status === 'assigned' ? `With ${c.assignedAgent?.name ?? 'another agent'}` : STATUS_LABEL[c.status]}</span>
        <span class="actions">
          {canTakeOver && (
            <button type="button" onClick={() => void desk.claim(c.id)}>
              Take over
            </button>
          )}
          {canResolve && (
            <button type="button" class="secondary" onClick={() => void desk.resolve(c.id)}>
              Resolve
            </button>
          )}
        </span>
      </header>
      {desk.notice.value && (
        <p class="error" role="alert">
          {ERROR_TEXT[desk.notice.value]}
        </p>
      )}
      <div class="pane-body">
        <div class="thread">
          <Transcript messages={desk.transcript.value} pending={desk.pending.value.filter((p) => p.conversationId === c.id)} typing={desk.visitorTyping.value} onRetry={desk.retry} />
          <form class="reply" onSubmit={send}>
            <label class="visually-hidden" for="reply">
              Reply
            </label>
            <textarea
              id="reply"
              rows={3}
              maxLength={MAX_MESSAGE_CHARS}
              disabled={!mine}
              placeholder={mine ? 'Write a reply — Enter sends, Shift+Enter for a new line' : 'Take over the conversation to reply'}
              value={draft.value}
              onInput={(e) => onInput(e.currentTarget.value)}
              onKeyDown={(e) => {
                if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) send(e);
              }}
            />
            <button type="submit" disabled={!mine}>
              Send
            </button>
          </form>
        </div>
        <HandoffPanel c={c} />
      </div>
    </section>
  );
}
