import type { Handoff } from '../../protocol/conversation.ts';
import { PRIORITY_LABEL, clock } from '../format.ts';

/** Why the bot handed the conversation over: what an agent reads before the transcript. */
export function HandoffSummary({ h }: { h: Handoff }) {
  return (
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
            <li key={i} dir="auto">
              {r}
            </li>
          ))}
        </ul>
      ) : (
        <p class="muted">None given.</p>
      )}
      {h.summary && (
        <>
          <h3>Summary</h3>
          <blockquote dir="auto">{h.summary}</blockquote>
        </>
      )}
    </section>
  );
}
