import { describe, expect, it } from 'vitest';
import { parseCsv } from '../../../server/eval/csv.ts';
import { createCalendar } from '../../../server/reports/calendar.ts';
import { csvField, csvRow } from '../../../server/reports/csv.ts';
import { reasonKind } from '../../../server/reports/figures.ts';
import { createGate } from '../../../server/reports/gate.ts';
import { parseRange } from '../../../server/reports/range.ts';
import { spread } from '../../../server/reports/spread.ts';

describe('CSV cells', () => {
  it('neutralises what a spreadsheet would run as a formula', () => {
    for (const cell of ['=1+1', '+1', '-2', '@SUM(A1)', '\tx', '=HYPERLINK("http://evil","x")']) {
      const [[back]] = parseCsv(csvRow([cell]));
      expect(back).toBe("'" + cell);
    }
    // Numbers are ours, never a formula.
    expect(csvField(-3)).toBe('-3');
    expect(csvField(null)).toBe('');
  });

  it('quotes commas, quotes and line breaks so a parser reads the same cells back', () => {
    const cells = ['plain', 'a, b', 'say "hi"', 'line\nbreak', 'crlf\r\nend', '中文，逗号', ''];
    expect(parseCsv(csvRow(cells) + csvRow(['x']))).toEqual([cells.map((c) => (c.startsWith('\r') ? "'" + c : c)), ['x']]);
    expect(csvRow(['a', 'b'])).toBe('a,b\r\n');
  });
});

describe('report ranges', () => {
  it('accepts ISO dates and times, to after from, at most 366 days', () => {
    expect(parseRange({ from: '2026-11-30', to: '2026-12-01T00:00:00+08:00' })).toEqual({ ok: true, range: { from: Date.parse('2026-11-30T00:00:00Z'), to: Date.parse('2026-11-30T16:00:00Z') } });
    expect(parseRange({ from: '2026-01-01', to: '2026-12-31T23:59' }).ok).toBe(true);
  });
  it('says why not', () => {
    expect(parseRange({ from: '2026-11-30', to: '2026-11-29' })).toEqual({ ok: false, reason: 'from must be before to' });
    expect(parseRange({ from: '2025-11-30', to: '2026-12-02' })).toEqual({ ok: false, reason: 'the range is longer than 366 days' });
    expect(parseRange({ from: '30/11/2026', to: '2026-12-02' })).toEqual({ ok: false, reason: 'from is not an ISO 8601 date or time' });
    expect(parseRange({ from: '2026-02-30T25:00', to: '2026-12-02' })).toEqual({ ok: false, reason: 'from is not a valid date' });
    expect(parseRange({ from: ['2026-11-30'], to: '2026-12-02' })).toEqual({ ok: false, reason: 'from is required (an ISO 8601 date or time)' });
  });
});

describe('report figures', () => {
  it('takes nearest-rank medians and 90th percentiles', () => {
    expect(spread([])).toEqual({ count: 0, median: null, p90: null });
    expect(spread([5])).toEqual({ count: 1, median: 5, p90: 5 });
    expect(spread([40, 10, 30, 20])).toEqual({ count: 4, median: 20, p90: 40 });
    expect(spread([1, 2, 3, 4, 5, 6, 7, 8, 9, 10])).toEqual({ count: 10, median: 5, p90: 9 });
  });

  it("counts the bot's reasons by kind, without their figures and quotes", () => {
    expect(["frustration 0.82: all caps, 'useless'", "asked for a person: 'agent pls'", 'matched refund_status (0.41)', 'no confident intent (best x 0.2)', 'handed off by the bot'].map(reasonKind)).toEqual([
      'frustration',
      'asked for a person',
      'matched refund_status',
      'no confident intent',
      'handed off by the bot',
    ]);
  });

  it('places instants in the business time zone, across a daylight-saving change', () => {
    const london = createCalendar('Europe/London');
    // Sunday 29 March 2026, 00:30 and 02:30 local: the clocks went forward at 01:00 UTC.
    expect(london.at(Date.parse('2026-03-29T00:30:00Z'))).toEqual({ weekday: 6, hour: 0, date: '2026-03-29' });
    expect(london.at(Date.parse('2026-03-29T01:30:00Z'))).toEqual({ weekday: 6, hour: 2, date: '2026-03-29' });
    expect(createCalendar('Asia/Kolkata').at(Date.parse('2026-11-30T18:29:00Z'))).toEqual({ weekday: 0, hour: 23, date: '2026-11-30' });
    expect(london.days(Date.parse('2026-03-28T00:00:00Z'), Date.parse('2026-03-31T00:00:00+01:00'))).toEqual(['2026-03-28', '2026-03-29', '2026-03-30']);
  });
});

describe('the reports gate', () => {
  it('gives at most `max` slots, each released once', () => {
    const gate = createGate(2);
    const a = gate.enter()!;
    const b = gate.enter()!;
    expect(gate.enter()).toBeNull();
    a();
    a();
    expect(gate.busy).toBe(1);
    const c = gate.enter();
    expect(c).not.toBeNull();
    expect(gate.enter()).toBeNull();
    b();
    c!();
    expect(gate.busy).toBe(0);
  });
});
