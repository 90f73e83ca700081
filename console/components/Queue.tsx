import type { ConversationSummary } from '../../protocol/conversation.ts';
import type { Desk } from '../desk.ts';
import { PRIORITY_LABEL, STATUS_LABEL, waited } from '../format.ts';

const GROUPS: Array<{ title: string; statuses: ConversationSummary['status'][] }> = [
  { title: 'Waiting for a person', statuses: ['queued', 'offline'] },
  { title: 'In progress', statuses: ['assigned'] },
  { title: 'With the bot', statuses: ['bot'] },
  { title: 'Resolved today', statuses: ['resolved'] },
];

function headline(c: ConversationSummary): string {
  return c.handoff?.summary || c.lastMessage?.text || 'New conversation';
}

function Row({ c, desk, now }: { c: ConversationSummary; desk: Desk; now: number }) {
  const selected = desk.selectedId.value === c.id;
  const since = c.queuedAt ?? c.createdAt;
  return (
    <li class={`row${selected ? ' selected' : ''}`}>
      <button type="button" class="open" aria-current={selected ? 'true' : undefined} onClick={() => void desk.open(c.id)}>
        <span class="line">
          {c.priority && c.status !== 'bot' && <span class={`badge ${c.priority}`}>{PRIORITY_LABEL[c.priority]}</span>}
          <span class="who">{c.visitor.name ?? c.visitor.email ?? 'Visitor'}</span>
          <span class="when">{c.status === 'queued' || c.status === 'offline' ? waited(since, now) : STATUS_LABEL[c.status]}</span>
        </span>
        <span class="summary">{headline(c)}</span>
        {c.assignedAgent && c.status === 'assigned' && <span class="meta">with {c.assignedAgent.name}</span>}
      </button>
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
