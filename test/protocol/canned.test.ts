import { describe, expect, it } from 'vitest';
import { CannedShortcutSchema, fillCanned, normalizeShortcut, unfilledVariables } from '../../protocol/index.ts';

describe('canned responses', () => {
  it('fill in the visitor and agent names, and leave a placeholder the agent must edit when a name is unknown', () => {
    const text = 'Hi {visitor.name}, this is {agent.name}.';
    expect(fillCanned(text, { 'visitor.name': 'Mei', 'agent.name': 'Ada' })).toBe('Hi Mei, this is Ada.');
    const unknown = fillCanned(text, { 'visitor.name': null, 'agent.name': 'Ada' });
    expect(unknown).toBe('Hi {visitor.name}, this is Ada.');
    expect(unfilledVariables(unknown)).toEqual(['{visitor.name}']);
    expect(unfilledVariables('Hi Mei, {not a variable}')).toEqual([]);
  });

  it('take shortcuts of letters, digits, "-" and "_", in any script, lower-cased', () => {
    expect(CannedShortcutSchema.parse(' Refund-Time ')).toBe('refund-time');
    expect(CannedShortcutSchema.parse('退款')).toBe('退款');
    for (const bad of ['', 'two words', '/slash', '-lead', 'x'.repeat(33)]) {
      expect(CannedShortcutSchema.safeParse(bad).success).toBe(false);
      expect(normalizeShortcut(bad)).toBeNull();
    }
    // The console checks a shortcut with the same rule the server validates with.
    expect(normalizeShortcut(' Refund-Time ')).toBe(CannedShortcutSchema.parse(' Refund-Time '));
  });
});
