import { useSignal } from '@preact/signals';
import { useEffect } from 'preact/hooks';
import type { AgentProfile } from '../../protocol/agent.ts';
import { PRIORITIES } from '../../protocol/priority.ts';
import type { Report, Spread, UnansweredGroup } from '../../protocol/reports.ts';
import { call } from '../api.ts';
import { ERROR_TEXT, PRIORITY_LABEL } from '../format.ts';
import { DayChart } from './DayChart.tsx';
import { FaqDialog } from './FaqDialog.tsx';
import { duration, isoDate, localMidnight, percent } from './format.ts';
import { HeatMap } from './HeatMap.tsx';

const DAY = 86_400_000;

function Figure({ label, value, detail }: { label: string; value: string | number; detail?: string }) {
  return (
    <div class="figure">
      <dt>{label}</dt>
      <dd>
        <strong>{value}</strong>
        {detail && <span class="muted"> {detail}</span>}
      </dd>
    </div>
  );
}

const spreadDetail = (s: Spread) => (s.count === 0 ? 'none measured' : `median · p90 ${duration(s.p90)} · ${s.count} measured`);

/** The support lead's page: the range's figures, the day chart, the busiest hours, agents, and what the FAQ misses. */
export default function ReportsPage({ agent }: { agent: AgentProfile }) {
  const today = new Date();
  const from = useSignal(isoDate(new Date(today.getTime() - 6 * DAY)));
  const to = useSignal(isoDate(today));
  const report = useSignal<Report | null>(null);
  const error = useSignal<string | null>(null);
  const drafting = useSignal<UnansweredGroup | null>(null);
  const added = useSignal<string | null>(null);

  // `to` is a whole day: the range ends at the next midnight.
  const query = () => `from=${encodeURIComponent(localMidnight(from.value))}&to=${encodeURIComponent(new Date(Date.parse(localMidnight(to.value)) + DAY).toISOString())}`;
  const load = async () => {
    error.value = null;
    const res = await call<{ report: Report }>('GET', `/api/reports?${query()}`);
    if (res.ok) report.value = res.value.report;
    else error.value = res.reason ?? ERROR_TEXT[res.error];
  };
  useEffect(() => void load(), []);

  const r = report.value;
  return (
    <main class="reports">
      <header class="top">
        <h1>Reports</h1>
        <a href="#/" class="back">
          ← Conversations
        </a>
        <span class="me">{agent.name}</span>
      </header>
      <form
        class="range"
        onSubmit={(e) => {
          e.preventDefault();
          void load();
        }}
      >
        <label>
          <span>From</span>
          <input type="date" value={from.value} onInput={(e) => (from.value = e.currentTarget.value)} required />
        </label>
        <label>
          <span>To</span>
          <input type="date" value={to.value} onInput={(e) => (to.value = e.currentTarget.value)} required />
        </label>
        <button type="submit">Show</button>
        <a class="csv" href={`/api/reports/conversations.csv?${query()}`} download>
          Download conversations (CSV)
        </a>
      </form>
      {error.value && (
        <p class="error" role="alert">
          {error.value}
        </p>
      )}
      {!r && !error.value && <p class="loading">Loading…</p>}
      {r && (
        <>
          <section aria-labelledby="figures-title">
            <h2 id="figures-title">Figures</h2>
            <dl class="figures">
              <Figure label="Conversations" value={r.conversations} />
              <Figure label="Handled by the bot alone" value={percent(r.containment)} detail={`${r.botOnly} conversations`} />
              <Figure label="Handoffs" value={r.handoffs.count} />
              <Figure label="First response" value={duration(r.firstResponseMs.median)} detail={spreadDetail(r.firstResponseMs)} />
              <Figure label="Resolution" value={duration(r.resolutionMs.median)} detail={spreadDetail(r.resolutionMs)} />
              <Figure
                label="Satisfaction"
                value={r.ratings.average === null ? '—' : `${r.ratings.average.toFixed(1)} / 5`}
                detail={`${r.ratings.count} ratings · ${percent(r.ratings.ratedShareOfResolved)} of resolved rated`}
              />
            </dl>
            <div class="breakdowns">
              <table>
                <caption>Handoffs by priority</caption>
                <tbody>
                  {PRIORITIES.map((p) => (
                    <tr key={p}>
                      <th scope="row">{PRIORITY_LABEL[p]}</th>
                      <td>{r.handoffs.byPriority[p]}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
              <table>
                <caption>Handoffs by reason</caption>
                <tbody>
                  {r.handoffs.byReason.map((x) => (
                    <tr key={x.reason}>
                      <th scope="row">{x.reason}</th>
                      <td>{x.count}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
              <table>
                <caption>Ratings</caption>
                <tbody>
                  {r.ratings.distribution.map((n, i) => (
                    <tr key={i}>
                      <th scope="row">{'★'.repeat(i + 1)}</th>
                      <td>{n}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </section>
          <section aria-labelledby="days-title">
            <h2 id="days-title">Conversations and handoffs per day</h2>
            <DayChart days={r.perDay} />
          </section>
          <section aria-labelledby="hours-title">
            <h2 id="hours-title">Busiest hours</h2>
            <HeatMap counts={r.busiestHours} timeZone={r.timeZone} />
          </section>
          <section aria-labelledby="agents-title">
            <h2 id="agents-title">Agents</h2>
            {r.perAgent.length === 0 ? (
              <p class="empty">No agent answered or resolved a conversation in this range.</p>
            ) : (
              <table class="agents">
                <thead>
                  <tr>
                    <th scope="col">Agent</th>
                    <th scope="col">First responses</th>
                    <th scope="col">Median first response</th>
                    <th scope="col">Resolved</th>
                    <th scope="col">Rating</th>
                  </tr>
                </thead>
                <tbody>
                  {r.perAgent.map((a) => (
                    <tr key={a.agentId}>
                      <th scope="row">{a.name}</th>
                      <td>{a.firstResponses}</td>
                      <td>{duration(a.firstResponseMs.median)}</td>
                      <td>{a.resolved}</td>
                      <td>{a.ratings.average === null ? '—' : `${a.ratings.average.toFixed(1)} (${a.ratings.count})`}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </section>
          <section aria-labelledby="unanswered-title">
            <h2 id="unanswered-title">Questions the FAQ does not answer yet</h2>
            {added.value && (
              <p class="notice" role="status">
                Intent “{added.value}” saved: the bot answers it once the FAQ has reloaded.
              </p>
            )}
            {r.unanswered.length === 0 ? (
              <p class="empty">The bot answered every question in this range.</p>
            ) : (
              <ol class="unanswered">
                {r.unanswered.map((g) => (
                  <li key={g.text}>
                    <span class="count">{g.count}×</span>
                    <span class="text">{g.text}</span>
                    {g.examples.length > 1 && <span class="muted examples">also: {g.examples.slice(1).join(' · ')}</span>}
                    {agent.role === 'admin' && (
                      <button type="button" class="secondary small" onClick={() => (drafting.value = g)}>
                        Add to the FAQ
                      </button>
                    )}
                  </li>
                ))}
              </ol>
            )}
          </section>
        </>
      )}
      {drafting.value && (
        <FaqDialog
          group={drafting.value}
          onClose={() => (drafting.value = null)}
          onSaved={(id) => {
            drafting.value = null;
            added.value = id;
          }}
        />
      )}
    </main>
  );
}
