import { describe, expect, it } from 'vitest';
import { pickSummary } from '../../../server/desk/handoff.ts';

// A stand-in scorer with the shape of the bot's: here, exclamation marks and one angry word.
const score = (t: string) => Math.min(1, (t.match(/!/g)?.length ?? 0) / 4 + (/useless/i.test(t) ? 0.5 : 0));

describe('handoff summary', () => {
  it("picks the visitor's most frustrated line, not the final 'yes'", () => {
    const lines = ['hi', 'my parcel never came', 'this is useless, I want a real person!!', 'yes'];
    expect(pickSummary(lines, score)).toBe('this is useless, I want a real person!!');
  });

  it('prefers a longer line when none is frustrated, and skips very short ones', () => {
    expect(pickSummary(['ok', 'where is my order placed last week?', 'thanks'], () => 0)).toBe('where is my order placed last week?');
  });

  it('shortens a very long line', () => {
    const long = 'a'.repeat(500);
    const s = pickSummary([long], () => 0);
    expect([...s].length).toBe(200);
    expect(s.endsWith('…')).toBe(true);
  });

  it('is empty when there is nothing to say', () => {
    expect(pickSummary([], () => 0)).toBe('');
  });
});
