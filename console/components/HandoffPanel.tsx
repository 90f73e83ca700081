import type { ConversationSummary } from '../../protocol/conversation.ts';
import { PRIORITY_LABEL, STATUS_LABEL, clock } from '../format.ts';

/** Everything an agent should know before reading the transcript: who, where, why it was handed over. */
export function HandoffPanel({ c }: { c: ConversationSummary }) {
  const h = c.handoff;
  return (
    <aside class="context" aria-label="Context">
      <h2>Visitor</h2>
      <dl>
        <dt>Name</dt>
        <dd>{c.visitor.name ?? '—'}</dd>
        <dt>Email</dt>
        <dd>{c.visitor.email ?? '—'}</dd>
        <dt>Page</dt>
        <dd>
          {c.visitor.pageUrl ? (
            <a href={c.visitor.pageUrl} target="_blank" rel="noopener noreferrer nofollow">
              {c.visitor.pageUrl}
            </a>
          ) : (
            '—'
          )}
        </dd>
        <dt>Language</dt>
        <dd>{c.locale === 'zh' ? 'Chinese' : 'English'}</dd>
        <dt>Status</dt>
        <dd>{STATUS_LABEL[c.status]}</dd>
      </dl>
      {h && (
        <section aria-label="Handoff">
          <h2>Why it was handed over</h2>
          <p>
            <span class={`badge ${h.priority}`}>{PRIORITY_LABEL[h.priority]}</span> at {clock(h.at)} · frustration {h.frustration.toFixed(2)}
            {h.intent && <> · topic {h.intent}</>}
          </p>
          <ul class="reasons">
            {h.reasons.map((r) => (
              <li key={r}>{r}</li>
            ))}
          </ul>
          {h.summary && <blockquote>{h.summary}</blockquote>}
        </section>
      )}
      {c.rating && (
        <section aria-label="Rating">
          <h2>Rating</h2>
          <p>
            {c.rating.score} / 5{c.rating.comment && <> — “{c.rating.comment}”</>}
          </p>
        </section>
      )}
    </aside>
  );
}
