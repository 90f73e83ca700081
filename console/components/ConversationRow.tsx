import type { ConversationSummary } from '../../protocol/conversation.ts';
import { closeBidi } from '../../widget/app/links.ts';
import { PRIORITY_LABEL, STATUS_LABEL, visitorName, visitorWords, waited } from '../format.ts';
import { now } from '../now.ts';
import { FlagChips } from './FlagChips.tsx';
import { Isolated } from './Isolated.tsx';
import { VerifiedMark } from './VerifiedMark.tsx';

/** The words a search matched, with each occurrence of the query marked (as text, never as HTML), isolated. */
function Match({ text: words, query }: { text: string; query: string }) {
  const text = closeBidi(words);
  const lower = text.toLowerCase();
  const q = query.trim().toLowerCase();
  const parts: Array<{ text: string; hit: boolean }> = [];
  let at = 0;
  for (let i = q ? lower.indexOf(q) : -1; i >= 0; i = lower.indexOf(q, at)) {
    if (i > at) parts.push({ text: text.slice(at, i), hit: false });
    parts.push({ text: text.slice(i, i + q.length), hit: true });
    at = i + q.length;
  }
  if (at < text.length) parts.push({ text: text.slice(at), hit: false });
  return <bdi>{parts.map((p, i) => (p.hit ? <mark key={i}>{p.text}</mark> : p.text))}</bdi>;
}

function whereItIs(c: ConversationSummary, meId: string): string {
  if (c.status === 'assigned') return c.assignedAgent?.id === meId ? 'With you' : `With ${c.assignedAgent?.name ?? 'another agent'}`;
  if (c.status === 'queued' && c.contactRequested) return 'Waiting · offered to leave a message';
  return STATUS_LABEL[c.status];
}

export interface RowProps {
  c: ConversationSummary;
  meId: string;
  selected: boolean;
  onOpen: (id: string) => void;
  onTakeOver: (id: string) => void;
  /** A search hit: the matching message instead of the visitor's last words. */
  match?: { text: string; query: string };
}

export function ConversationRow({ c, meId, selected, onOpen, onTakeOver, match }: RowProps) {
  const waiting = c.status === 'queued' || c.status === 'offline';
  const words = visitorWords(c) ?? 'No message yet';
  const summaryId = `row-${c.id}`;
  return (
    <li class={`row${selected ? ' selected' : ''}${waiting ? ' waiting' : ''}`}>
      <button type="button" class="open" aria-current={selected ? 'true' : undefined} onClick={() => onOpen(c.id)}>
        <span class="line">
          {c.priority && c.status !== 'bot' && <span class={`badge ${c.priority}`}>{PRIORITY_LABEL[c.priority]}</span>}
          <span class="who">
            <Isolated text={visitorName(c.visitor)} />
          </span>
          <VerifiedMark v={c.visitor} />
          <FlagChips flags={c.visitor.flags} />
          {waiting && <span class="when">waiting {waited(c.queuedAt ?? c.createdAt, now.value)}</span>}
        </span>
        <span class="summary" id={summaryId}>
          {match ? <Match text={match.text} query={match.query} /> : <Isolated text={words} />}
        </span>
        <span class="meta">{whereItIs(c, meId)}</span>
      </button>
      {waiting && (
        <button type="button" class="take" aria-describedby={summaryId} onClick={() => onTakeOver(c.id)}>
          Take over
        </button>
      )}
    </li>
  );
}
