import { describe, expect, it } from 'vitest';
import { compareForQueue, type Priority, type Queueable } from '../../protocol/index.ts';

const row = (id: string, status: Queueable['status'], priority: Priority | null, queuedAt: number | null, updatedAt = 0) => ({
  id,
  status,
  priority,
  queuedAt,
  createdAt: 0,
  updatedAt,
});

describe('the agents’ order', () => {
  it('puts who waits for a person first — queued, left a message, assigned — each urgent first, then longest waiting', () => {
    const rows = [
      row('resolved', 'resolved', 'low', 1, 50),
      row('bot-old', 'bot', null, null, 10),
      row('bot-new', 'bot', null, null, 90),
      row('normal-early', 'queued', 'normal', 100),
      row('assigned-low', 'assigned', 'low', 10),
      row('assigned-urgent', 'assigned', 'urgent', 50),
      row('urgent-late', 'queued', 'urgent', 900),
      row('offline', 'offline', 'high', 10),
      row('normal-late', 'queued', 'normal', 200),
    ];
    expect(rows.sort(compareForQueue).map((r) => r.id)).toEqual([
      'urgent-late',
      'normal-early',
      'normal-late',
      'offline',
      'assigned-urgent',
      'assigned-low',
      'bot-new',
      'bot-old',
      'resolved',
    ]);
  });
});
