import { useEffect, useRef } from 'preact/hooks';
import type { AgentMessage } from '../../protocol/message.ts';
import type { Note } from '../../protocol/note.ts';
import { RichText } from '../../widget/app/components/RichText.tsx';
import { ERROR_TEXT, clock } from '../format.ts';
import { Attachments } from './Attachments.tsx';
import { Isolated } from './Isolated.tsx';
import type { PendingReply } from '../outbox.ts';

const AUTHOR: Record<AgentMessage['author'], string> = { visitor: 'Visitor', bot: 'Bot', agent: 'Agent', system: '' };

function BotReasoning({ m }: { m: AgentMessage }) {
  const b = m.bot;
  if (!b) return null;
  const what = b.intent ? `${b.intent} ${b.confidence.toFixed(2)}` : `no intent (${b.confidence.toFixed(2)})`;
  return (
    <small class="aside">
      {b.kind.replace('_', ' ')} · {what}
      {b.frustrated && <> · {b.mood ?? 'frustrated'} {b.frustration.toFixed(2)}</>}
    </small>
  );
}

function MessageItem({ m }: { m: AgentMessage }) {
  return (
    <div class={`msg ${m.author}`}>
      {m.author !== 'system' && (
        <span class="by">
          {m.author === 'agent' ? <Isolated text={m.authorName ?? AUTHOR.agent} /> : AUTHOR[m.author]} · {clock(m.createdAt)}
        </span>
      )}
      {m.text && (
        <p dir="auto">
          <RichText text={m.text} />
        </p>
      )}
      {m.attachments.length > 0 && <Attachments list={m.attachments} />}
      <BotReasoning m={m} />
    </div>
  );
}

function NoteItem({ n }: { n: Note }) {
  return (
    <div class="private-note">
      <span class="by">
        Note — only agents see this · <Isolated text={n.author.name} /> · {clock(n.createdAt)}
      </span>
      <p dir="auto">
        <RichText text={n.text} />
      </p>
    </div>
  );
}

type Item = { kind: 'message'; m: AgentMessage } | { kind: 'note'; n: Note };

/** Messages in order, each note right after the message it followed (afterSeq). */
function interleave(messages: AgentMessage[], notes: Note[]): Item[] {
  const items: Item[] = [];
  let n = 0;
  for (const m of messages) {
    // Notes written before this message (they followed an earlier one, perhaps not loaded) come first.
    while (n < notes.length && notes[n]!.afterSeq < m.seq) items.push({ kind: 'note', n: notes[n++]! });
    items.push({ kind: 'message', m });
  }
  while (n < notes.length) items.push({ kind: 'note', n: notes[n++]! });
  return items;
}

/** The whole conversation — bot turns with their reasoning, private notes — as text, never as HTML. */
export function Transcript(props: {
  messages: AgentMessage[];
  notes: Note[];
  hasEarlier: boolean;
  loadingEarlier: boolean;
  onLoadEarlier: () => void;
  pending: PendingReply[];
  typing: boolean;
  onRetry: (clientId: string) => void;
  onDismiss: (clientId: string) => void;
}) {
  const end = useRef<HTMLDivElement>(null);
  const last = props.messages.at(-1)?.id;
  // Follow the newest message, not earlier ones loaded above.
  useEffect(() => end.current?.scrollIntoView({ block: 'end' }), [last, props.notes.length, props.pending.length, props.typing]);

  return (
    // Focusable, so keyboard users can scroll a long transcript.
    <div class="transcript" role="log" aria-label="Transcript" tabIndex={0}>
      {props.hasEarlier && (
        <button type="button" class="secondary earlier" disabled={props.loadingEarlier} onClick={props.onLoadEarlier}>
          Load earlier messages
        </button>
      )}
      {interleave(props.messages, props.notes).map((item) => (item.kind === 'message' ? <MessageItem key={item.m.id} m={item.m} /> : <NoteItem key={item.n.id} n={item.n} />))}
      {props.pending.map((p) => (
        <div key={p.clientId} class="msg agent pending">
          {p.file ? (
            <p>
              File: <Isolated text={p.file.name} />
            </p>
          ) : (
            <p dir="auto">{p.text}</p>
          )}
          {p.file?.progress != null && <progress class="upload" max={1} value={p.file.progress} aria-label={`Uploading ${Math.round(p.file.progress * 100)}%`} />}
          {p.failed ? (
            <small class="aside error">
              Not sent: {ERROR_TEXT[p.failed]}{' '}
              {p.failed === 'too_large' || p.failed === 'unsupported_type' ? (
                <button type="button" class="link" onClick={() => props.onDismiss(p.clientId)}>
                  Remove
                </button>
              ) : (
                <button type="button" class="link" onClick={() => props.onRetry(p.clientId)}>
                  Retry
                </button>
              )}
            </small>
          ) : (
            <small class="aside">{p.file?.progress != null ? `Uploading ${Math.round(p.file.progress * 100)}%…` : 'Sending…'}</small>
          )}
        </div>
      ))}
      {props.typing && <div class="typing">Visitor is typing…</div>}
      <div ref={end} class="end" aria-hidden="true" />
    </div>
  );
}
