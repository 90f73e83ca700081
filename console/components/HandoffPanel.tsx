import type { ConversationSummary } from '../../protocol/conversation.ts';
import { PRIORITY_LABEL, STATUS_LABEL, clock } from '../format.ts';

/** The page address comes from the visitor's browser: only ever link it when it is plain http(s). */
const isWebUrl = (url: string | null): url is string => url !== null && /^https?:\/\//i.test(url);

/** Everything an agent should know before reading the transcript: why it was handed over, who, where. */
export function HandoffPanel({ c }: { c: ConversationSummary }) {
  const h = c.handoff;
  return (
    <aside class="context" aria-label="Context">
      {h && (
        <section aria-labelledby="handoff-title">
          <h2 id="handoff-title">Handoff</h2>
          <dl>
            <dt>Priority</dt>
            <dd>
              <span class={`badge ${h.priority}`}>{PRIORITY_LABEL[h.priority]}</span>
            </dd>
            <dt>Handed over</dt>
            <dd>{clock(h.at)}</dd>
            <dt>Frustration</dt>
            <dd>
              <meter min={0} max={1} low={0.4} high={0.7} optimum={0} value={h.frustration} aria-hidden="true" /> {h.frustration.toFixed(2)}
            </dd>
            <dt>Intent</dt>
            <dd>{h.intent ?? 'none recognised'}</dd>
          </dl>
          <h3>Reasons</h3>
          {h.reasons.length > 0 ? (
            <ul class="reasons">
              {h.reasons.map((r, i) => (
                <li key={i}>{r}</li>
              ))}
            </ul>
          ) : (
            <p class="muted">None given.</p>
          )}
          {h.summary && (
            <>
              <h3>Summary</h3>
              <blockquote>{h.summary}</blockquote>
            </>
          )}
        </section>
      )}
      <section aria-labelledby="visitor-title">
        <h2 id="visitor-title">Visitor</h2>
        <dl>
          <dt>Name</dt>
          <dd>{c.visitor.name ?? '—'}</dd>
          <dt>Email</dt>
          <dd>{c.visitor.email ?? '—'}</dd>
          <dt>Page</dt>
          <dd>
            {isWebUrl(c.visitor.pageUrl) ? (
              <a href={c.visitor.pageUrl} target="_blank" rel="noopener noreferrer nofollow">
                {c.visitor.pageUrl}
              </a>
            ) : (
              (c.visitor.pageUrl ?? '—')
            )}
          </dd>
          <dt>Language</dt>
          <dd>{c.locale === 'zh' ? 'Chinese' : 'English'}</dd>
          <dt>Status</dt>
          <dd>{STATUS_LABEL[c.status]}</dd>
        </dl>
      </section>
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
