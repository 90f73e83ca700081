import { beforeAll, describe, expect, it } from 'vitest';
import type { Message, Report } from '../../../protocol/index.ts';
import { deskFixture, ok, reachPerson, type SignedIn } from '../desk-peers.ts';
import { connectVisitor } from '../peers.ts';

// The figures from a real desk, not a scripted store: a visitor's frustrated request goes through the bot's
// turn and the routing, Ada answers, resolves, the visitor rates; another visitor asks something the FAQ
// does not cover. The report sees each step as the event log holds it.

const desk = deskFixture({ agents: ['Ada'] });
let ada: SignedIn;

beforeAll(() => {
  ada = desk.agent('Ada');
});

describe('reports over a real desk', () => {
  it('counts the handoff with its priority and reasons, the first response, the resolve and the rating', async () => {
    const from = new Date(Date.now() - 60_000).toISOString();
    const visitor = desk.track(await connectVisitor(desk.server.url));
    await visitor.hello();
    const { conversationId, view } = await reachPerson(visitor);
    expect(view.status).toBe('assigned');
    await ok(ada.emit('message:send', { conversationId, clientId: crypto.randomUUID(), text: 'Hi, Ada here.' }));
    await ok(ada.emit('conversation:resolve', { conversationId }));
    await ok(visitor.emit('rating:send', { conversationId, score: 4, comment: null }));

    const other = desk.track(await connectVisitor(desk.server.url));
    await other.hello();
    await other.send('do you sell telescopes for astronomy clubs?');
    const reply = await other.events.next<Message>('message:new', (m) => m.author === 'bot');

    const to = new Date(Date.now() + 60_000).toISOString();
    const res = await fetch(`${desk.server.url}/api/reports?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`, { headers: { cookie: ada.cookie } });
    const { report } = (await res.json()) as { report: Report };
    const conv = await desk.server.store.getConversation(conversationId);
    expect(report.conversations).toBe(2);
    expect(report.botOnly).toBe(1);
    expect(report.handoffs.count).toBe(1);
    expect(report.handoffs.byPriority[conv!.handoff?.priority ?? conv!.priority!]).toBe(1);
    expect(report.handoffs.byReason.map((r) => r.reason)).toContain('asked for a person');
    expect(report.firstResponseMs.count).toBe(1);
    expect(report.resolutionMs.count).toBe(1);
    expect(report.resolutionMs.median!).toBeGreaterThanOrEqual(report.firstResponseMs.median!);
    expect(report.ratings).toMatchObject({ count: 1, average: 4, distribution: [0, 0, 0, 1, 0], ratedShareOfResolved: 1 });
    expect(report.perAgent).toMatchObject([{ name: 'Ada', firstResponses: 1, resolved: 1, ratings: { count: 1, average: 4 } }]);
    // The shop pack has nothing on telescopes: the bot's fallback puts the question on the list.
    const stored = await desk.server.store.listMessages(reply.conversationId);
    expect(stored.find((m) => m.author === 'bot')?.bot?.kind).toBe('fallback');
    expect(report.unanswered).toEqual([{ text: 'do you sell telescopes for astronomy clubs?', count: 1, examples: ['do you sell telescopes for astronomy clubs?'] }]);
  });
});
