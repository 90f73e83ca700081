import { useEffect, useRef } from 'preact/hooks';
import type { AgentMessage } from '../../protocol/message.ts';
import type { PendingReply } from '../desk.ts';
import { RichText } from '../../widget/app/components/RichText.tsx';
import { ERROR_TEXT, clock } from '../format.ts';

const AUTHOR: Record<AgentMessage['author'], string> = { visitor: 'Visitor', bot: 'Bot', agent: 'Agent', system: '' };

function BotNote({ m }: { m: AgentMessage }) {
  const b = m.bot;
  if (!b) return null;
  const what = b.intent ? `${b.intent} ${b.confidence.toFixed(2)}` : `no intent (${b.confidence.toFixed(2)})`;
  return (
    <small class="note">
      {b.kind.replace('_', ' ')} · {what}
      {b.frustrated && <> · frustrated {b.frustration.toFixed(2)}</>}
    </small>
  );
}

/** The whole conversation, bot turns included, as text (never as HTML). */
export function Transcript(props: {
  messages: AgentMessage[];
  pending: PendingReply[];
  typing: boolean;
  onRetry: (clientId: string) => void;
}) {
  const end = useRef<HTMLDivElement>(null);
  const count = props.messages.length + props.pending.length;
  useEffect(() => end.current?.scrollIntoView({ block: 'end' }), [count, props.typing]);

  return (
    <div class="transcript" role="log" aria-label="Transcript" aria-live="polite">
      {props.messages.map((m) => (
        <div key={m.id} class={`msg ${m.author}`}>
          {m.author !== 'system' && (
            <span class="by">
              {m.author === 'agent' ? m.authorName ?? AUTHOR.agent : AUTHOR[m.author]} · {clock(m.createdAt)}
            </span>
          )}
          <p>
            <RichText text={m.text} />
          </p>
          <BotNote m={m} />
        </div>
      ))}
      {props.pending.map((p) => (
        <div key={p.clientId} class="msg agent pending">
          <p>{p.text}</p>
          {p.failed ? (
            <small class="note error">
              Not sent: {ERROR_TEXT[p.failed]}{' '}
              <button type="button" class="link" onClick={() => props.onRetry(p.clientId)}>
                Retry
              </button>
            </small>
          ) : (
            <small class="note">Sending…</small>
          )}
        </div>
      ))}
      {props.typing && <div class="typing">Visitor is typing…</div>}
      <div ref={end} class="end" aria-hidden="true" />
    </div>
  );
}
