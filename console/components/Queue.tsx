import type { ConversationSummary } from '../../protocol/conversation.ts';
import type { Desk } from '../desk.ts';
import { PRIORITY_LABEL, STATUS_LABEL, waited } from '../format.ts';

const GROUPS: Array<{ title: string; statuses: ConversationSummary['status'][] }> = [
  { title: 'Waiting for a person', statuses: ['queued', 'offline'] },
  { title: 'In progress', statuses: ['assigned'] },
  { title: 'With the bot', statuses: ['bot'] },
  { title: 'Resolved today', statuses: ['resolved'] },
];

/** The first line of what best says why they are here: the handoff summary, else the last message. */
function headline(c: ConversationSummary): string {
  const text = c.handoff?.summary || c.lastMessage?.text || 'New conversation';
  return text.split('\n', 1)[0]!;
}

const isWaiting = (c: ConversationSummary) => c.status === 'queued' || c.status === 'offline';

function Row({ c, desk, now }: { c: ConversationSummary; desk: Desk; now: number }) {
  const selected = desk.selectedId.value === c.id;
  const summaryId = `summary-${c.id}`;
  const takeOver = async () => {
    if (await desk.claim(c.id)) await desk.open(c.id);
  };
  return (
    <li class={`row${selected ? ' selected' : ''}${isWaiting(c) ? ' waiting' : ''}`}>
      <button type="button" class="open" aria-current={selected ? 'true' : undefined} onClick={() => void desk.open(c.id)}>
        <span class="line">
          {c.priority && c.status !== 'bot' && <span class={`badge ${c.priority}`}>{PRIORITY_LABEL[c.priority]}</span>}
          <span class="who">{c.visitor.name ?? c.visitor.email ?? 'Visitor'}</span>
          {isWaiting(c) && <span class="when">waiting {waited(c.queuedAt ?? c.createdAt, now)}</span>}
        </span>
        <span class="summary" id={summaryId}>
          {headline(c)}
        </span>
        <span class="meta">
          {c.status === 'assigned' && c.assignedAgent ? `${STATUS_LABEL.assigned} to ${c.assignedAgent.id === desk.me.id ? 'you' : c.assignedAgent.name}` : STATUS_LABEL[c.status]}
        </span>
      </button>
      {isWaiting(c) && (
        <button type="button" class="take" aria-describedby={summaryId} onClick={() => void takeOver()}>
          Take over
        </button>
      )}
    </li>
  );
}

/** The queue, most urgent first (the order the server uses), grouped by what the agent can do. */
export function Queue({ desk, now }: { desk: Desk; now: number }) {
  const all = desk.queue.value;
  return (
    <nav class="queue" aria-label="Conversations">
      {GROUPS.map((g) => {
        const items = all.filter((c) => g.statuses.includes(c.status));
        if (items.length === 0) return null;
        return (
          <section key={g.title} aria-label={g.title}>
            <h2>
              {g.title} <span class="count">{items.length}</span>
            </h2>
            <ul>
              {items.map((c) => (
                <Row key={c.id} c={c} desk={desk} now={now} />
              ))}
            </ul>
          </section>
        );
      })}
      {all.length === 0 && <p class="empty">No conversations yet. New ones appear here as they start.</p>}
    </nav>
  );
}
