const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
const HOURS = Array.from({ length: 24 }, (_, h) => h);

/**
 * Conversations started by weekday and hour: a plain table whose cells shade with the count (uPlot draws
 * series over an axis, not grids), readable cell by cell by a screen reader.
 */
export function HeatMap({ counts, timeZone }: { counts: number[][]; timeZone: string }) {
  const max = Math.max(1, ...counts.flat());
  return (
    <table class="heat-map">
      <caption>
        Conversations started, by weekday and hour ({timeZone})
      </caption>
      <thead>
        <tr>
          <td />
          {HOURS.map((h) => (
            <th scope="col" key={h}>
              {h}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {counts.map((row, d) => (
          <tr key={d}>
            <th scope="row">{WEEKDAYS[d]}</th>
            {row.map((n, h) => (
              <td key={h} title={`${WEEKDAYS[d]} ${h}:00–${h + 1}:00: ${n}`} style={{ backgroundColor: n === 0 ? undefined : `rgba(36, 83, 212, ${(0.12 + (0.88 * n) / max).toFixed(2)})` }} class={n / max > 0.55 ? 'hot' : undefined}>
                {n || ''}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
