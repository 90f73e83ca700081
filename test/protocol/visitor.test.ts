import { describe, expect, it } from 'vitest';
import { visitorLabel } from '../../protocol/index.ts';

describe('a visitor with no name', () => {
  it('gets a short label that is the same wherever it is shown, and differs between visitors', () => {
    expect(visitorLabel('7f3a9c2e-0000-4000-8000-000000000000')).toBe('Visitor 7F3A');
    expect(visitorLabel('7f3a9c2e-0000-4000-8000-000000000000')).toBe(visitorLabel('7f3a9c2e-0000-4000-8000-000000000000'));
    expect(visitorLabel('0b11aaaa-0000-4000-8000-000000000000')).not.toBe(visitorLabel('7f3a9c2e-0000-4000-8000-000000000000'));
  });
});
