import { describe, expect, it } from 'vitest';
import type { CannedResponse } from '../../../protocol/index.ts';
import { deskFixture, ok } from '../desk-peers.ts';

// Saved replies, shared by the team: whatever one admin saves, every console has at once (agents use
// them; roles.test.ts checks they cannot change them).

const desk = deskFixture({ agents: ['Ada', 'Bob'], admins: ['Bob'] });

describe('canned responses', () => {
  it('are saved, edited and deleted by admins, and every console is told', async () => {
    const [ada, bob] = [desk.agent('Ada'), desk.agent('Bob')];
    const saved = await ok(ada.emit<{ response: CannedResponse }>('canned:save', { id: null, shortcut: 'Refund-Time', text: 'Hi {visitor.name}, refunds take 5 working days. — {agent.name}' }));
    expect(saved.response).toMatchObject({ shortcut: 'refund-time', updatedBy: { name: 'Ada' } });
    const pushed = await bob.events.next<CannedResponse[]>('canned:update', (list) => list.length === 1);
    expect(pushed[0]!.text).toBe('Hi {visitor.name}, refunds take 5 working days. — {agent.name}');

    expect(await bob.emit('canned:save', { id: null, shortcut: 'refund-time', text: 'another' })).toEqual({ ok: false, error: 'conflict' });
    expect(await bob.emit('canned:save', { id: null, shortcut: 'has space', text: 'x' })).toEqual({ ok: false, error: 'invalid_payload' });
    expect(await bob.emit('canned:save', { id: 'missing', shortcut: 'other', text: 'x' })).toEqual({ ok: false, error: 'not_found' });

    await ok(bob.emit('canned:save', { id: saved.response.id, shortcut: '退款', text: '您好，退款需要 5 个工作日。' }));
    const listed = await ok(ada.emit<{ responses: CannedResponse[] }>('canned:list', {}));
    expect(listed.responses.map((r) => [r.shortcut, r.updatedBy?.name])).toEqual([['退款', 'Bob']]);

    expect(await ada.emit('canned:delete', { id: saved.response.id })).toEqual({ ok: true });
    await bob.events.next<CannedResponse[]>('canned:update', (list) => list.length === 0);
    expect(await ada.emit('canned:delete', { id: saved.response.id })).toEqual({ ok: false, error: 'not_found' });
  });
});
