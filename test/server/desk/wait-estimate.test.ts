import { describe, expect, it } from 'vitest';
import { waitEstimate } from '../../../server/desk/wait-estimate.ts';

describe('the wait a queued visitor is told', () => {
  it('is the median first-reply delay, rounded up to whole minutes', () => {
    expect(waitEstimate([30_000, 200_000, 400_000])).toBe(4 * 60_000);
    expect(waitEstimate([60_000, 120_000])).toBe(2 * 60_000);
    expect(waitEstimate([5_000])).toBe(60_000);
  });

  it('is unknown without recent replies', () => {
    expect(waitEstimate([])).toBeNull();
  });
});
