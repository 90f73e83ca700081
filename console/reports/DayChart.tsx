import { useEffect, useRef } from 'preact/hooks';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { DayFigures } from '../../protocol/reports.ts';

const DAY_S = 86_400;

/** Conversations and handoffs per day: uPlot on a canvas, with a table of the same figures for screen readers. */
export function DayChart({ days }: { days: DayFigures[] }) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = box.current!;
    // Each date at its midnight in UTC, and the axis read in UTC: one tick per date, whatever the browser's zone.
    const x = days.map((d) => Date.parse(`${d.date}T00:00:00Z`) / 1000);
    const chart = new uPlot(
      {
        width: Math.max(280, Math.min(el.clientWidth || 640, 900)),
        height: 220,
        tzDate: (ts) => uPlot.tzDate(new Date(ts * 1000), 'Etc/UTC'),
        scales: { x: { time: true }, y: { range: (_u, _min, max) => [0, Math.max(1, max)] } },
        // Whole days only: the figures are per date, an hour tick would mean nothing.
        axes: [{ incrs: [DAY_S, 2 * DAY_S, 7 * DAY_S, 14 * DAY_S, 28 * DAY_S, 91 * DAY_S] }, { label: 'per day' }],
        series: [
          { label: 'Day', value: (_u, v) => (v === null ? '–' : new Date(v * 1000).toISOString().slice(0, 10)) },
          { label: 'Conversations', stroke: '#2453d4', width: 2, points: { show: days.length <= 62 } },
          { label: 'Handoffs', stroke: '#c2410c', width: 2, points: { show: days.length <= 62 } },
        ],
      },
      [x, days.map((d) => d.conversations), days.map((d) => d.handoffs)],
      el,
    );
    return () => chart.destroy();
  }, [days]);
  return (
    <figure class="day-chart">
      <div ref={box} role="img" aria-label={`Conversations and handoffs per day, ${days.length} days`} />
      <figcaption class="visually-hidden">
        <table>
          <caption>Conversations and handoffs per day</caption>
          <tbody>
            {days.map((d) => (
              <tr key={d.date}>
                <th scope="row">{d.date}</th>
                <td>{d.conversations}</td>
                <td>{d.handoffs}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </figcaption>
    </figure>
  );
}
