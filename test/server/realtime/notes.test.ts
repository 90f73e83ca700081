import { describe, expect, it } from 'vitest';
import type { Note } from '../../../protocol/index.ts';
import { deskFixture, newHandoff, ok } from '../desk-peers.ts';

// Private notes are for agents: shown in the transcript to every agent, never sent to the visitor.

const SECRET = 'Note: customer was rude last time; offer 10% max <b>no more</b>';

const desk = deskFixture({ agents: ['Ada', 'Bob'] });

describe('private notes', () => {
  it('reach the agents on the conversation and no event a visitor socket receives, ever', async () => {
    const [server, ada, bob] = [desk.server, desk.agent('Ada'), desk.agent('Bob')];
    const { visitor, token, conversationId } = await newHandoff(server);
    const assignee = (await server.store.getConversation(conversationId))!.assignedAgentId === ada.profile.id ? ada : bob;
    const colleague = assignee === ada ? bob : ada;
    await ok(colleague.emit('conversation:open', { conversationId }));

    const added = await ok(colleague.emit<{ note: Note }>('note:add', { conversationId, text: SECRET }));
    expect(added.note).toMatchObject({ text: SECRET, author: { name: colleague.profile.name } });
    expect((await assignee.events.next<Note>('note:new', (n) => n.id === added.note.id)).text).toBe(SECRET);

    // Everything that reaches the visitor afterwards — live events, a reconnect's history, older pages.
    await ok(assignee.emit('message:send', { conversationId, clientId: crypto.randomUUID(), text: 'Let me check that for you.' }));
    await visitor.events.next('message:new', (m: { text: string }) => m.text === 'Let me check that for you.');
    const hello = await visitor.hello(token);
    const before = await visitor.emit('messages:before', { conversationId, beforeSeq: 1000 });
    await ok(assignee.emit('conversation:resolve', { conversationId }));
    await visitor.events.next('conversation:update', (c: { status: string }) => c.status === 'resolved');
    const everything = JSON.stringify([visitor.events.seen, hello, before]);
    expect(everything).not.toContain('customer was rude');
    expect(everything).not.toContain(added.note.id);
    expect(visitor.events.seen.map((s) => s.event).filter((e) => !['message:new', 'conversation:update', 'typing'].includes(e))).toEqual([]);

    // Agents still see it when they open the conversation later.
    const opened = await ok(ada.emit<{ notes: Note[] }>('conversation:open', { conversationId }));
    expect(opened.notes.map((n) => n.text)).toEqual([SECRET]);
    expect(await ada.emit('note:add', { conversationId: 'missing', text: 'x' })).toEqual({ ok: false, error: 'not_found' });
    expect(await ada.emit('note:add', { conversationId, text: '   ' })).toEqual({ ok: false, error: 'invalid_payload' });
    visitor.close();
  });
});
