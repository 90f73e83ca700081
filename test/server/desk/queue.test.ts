import { describe, expect, it } from 'vitest';
import type { Priority } from '../../../protocol/index.ts';
import { INITIAL_BOT_STATE } from '../../../server/bot/types.ts';
import { compareForQueue } from '../../../protocol/index.ts';
import { queuePosition } from '../../../server/desk/queue.ts';
import type { ConversationRow } from '../../../server/store/store.ts';

const row = (id: string, status: ConversationRow['status'], priority: Priority | null, queuedAt: number | null, updatedAt = 0): ConversationRow => ({
  id,
  visitorId: `v-${id}`,
  status,
  locale: 'en',
  priority,
  assignedAgentId: null,
  handoff: null,
  botState: INITIAL_BOT_STATE,
  pageUrl: null,
  queuedAt,
  ratingScore: null,
  ratingComment: null,
  resolvedAt: null,
  createdAt: 0,
  updatedAt,
});

describe('agent queue order', () => {
  it('puts queued first (urgent before long waits), then assigned, bot, offline, resolved', () => {
    const rows = [
      row('resolved', 'resolved', 'low', 1),
      row('bot', 'bot', null, null),
      row('normal-early', 'queued', 'normal', 100),
      row('assigned', 'assigned', 'high', 50),
      row('urgent-late', 'queued', 'urgent', 900),
      row('offline', 'offline', 'high', 10),
      row('normal-late', 'queued', 'normal', 200),
    ];
    expect(rows.sort(compareForQueue).map((r) => r.id)).toEqual([
      'urgent-late',
      'normal-early',
      'normal-late',
      'assigned',
      'bot',
      'offline',
      'resolved',
    ]);
  });

  it('gives a 1-based queue position by priority then waiting time, and none when not queued', () => {
    const rows = [row('a', 'queued', 'low', 1), row('b', 'queued', 'high', 5), row('c', 'queued', 'high', 3), row('d', 'assigned', 'urgent', 0)];
    expect(['c', 'b', 'a'].map((id) => queuePosition(rows, id))).toEqual([1, 2, 3]);
    expect(queuePosition(rows, 'd')).toBeNull();
  });
});
