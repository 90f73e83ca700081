import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Handoff } from '../../../protocol/index.ts';
import { INITIAL_BOT_STATE } from '../../../server/bot/types.ts';
import { UNSENT_ATTACHMENT_TTL_MS, type ConversationRow, type NewAttachment, type Store } from '../../../server/store/store.ts';

/**
 * A fresh, empty store on each `make`; `now` pins its clock. `another` opens a second store on the same
 * database as the last `make` — another node, or another process — and `dispose` (after each test) closes
 * those. `finish` runs once after the suite.
 */
export interface StoreFactory {
  make(opts?: { now?: () => number }): Promise<Store>;
  another(): Promise<Store>;
  dispose(): Promise<void>;
  finish?(): Promise<void>;
  /**
   * Deletes a conversation with plain SQL on the last `make`'s database, its messages, events and notes
   * first — what retention will do — so the contract can check what goes with it (ON DELETE CASCADE).
   */
  deleteConversation(id: string): Promise<void>;
  /** Whether an attachment's bytes are still stored outside its row (a store that keeps them apart). */
  storedBytes?(id: string): Promise<boolean>;
}

/**
 * What every Store must do, whatever the engine: the embedded SQLite file and (for several nodes) a
 * PostgreSQL database run the same cases. Engine-specific cases (files, migrations) live beside each.
 */
export function storeContract(name: string, factory: StoreFactory): void {
  describe(`${name} store: the contract`, () => {
    let store: Store;
    beforeEach(async () => {
      store = await factory.make();
    });
    afterEach(async () => {
      await store.close();
      await factory.dispose();
    });
    afterAll(async () => {
      await factory.finish?.();
    });

    const open = (s: Store, visitorId: string) => s.createConversation({ visitorId, locale: 'en', pageUrl: null, actor: { kind: 'visitor', id: visitorId } });
    async function newConversation(s = store) {
      const visitor = await s.createVisitor();
      const { conversation: conv } = await open(s, visitor.id);
      return { visitor, conv };
    }
    const say = (conversationId: string, senderId: string | null, text: string, clientId: string | null = null, author: 'visitor' | 'agent' | 'bot' | 'system' = 'visitor') =>
      store.appendMessage({ conversationId, author, senderId, authorName: null, text, clientId });
    const agent = (email: string, name = email) => store.createAgent({ email, name, passwordHash: 'x' });
    const queue = (id: string, priority: Handoff['priority'] = 'normal', queuedAt = 5) =>
      store.transition(id, { from: ['bot'], to: 'queued', actor: { kind: 'bot', id: null }, reason: 'handoff', patch: { priority, queuedAt } });

    describe('messages', () => {
      it('numbers messages 1, 2, 3 within a conversation and pages them from either end', async () => {
        const { visitor, conv } = await newConversation();
        for (const text of ['one', 'two', 'three', 'four']) await say(conv.id, visitor.id, text);
        const texts = (rows: { text: string }[]) => rows.map((m) => m.text);
        expect((await store.listMessages(conv.id)).map((m) => [m.seq, m.text])).toEqual([
          [1, 'one'],
          [2, 'two'],
          [3, 'three'],
          [4, 'four'],
        ]);
        expect(texts(await store.listMessages(conv.id, { afterSeq: 1, limit: 1 }))).toEqual(['two']);
        expect(texts(await store.listMessages(conv.id, { limit: 2, newest: true }))).toEqual(['three', 'four']);
        expect(texts(await store.listMessages(conv.id, { beforeSeq: 3, limit: 5, newest: true }))).toEqual(['one', 'two']);
        expect(texts(await store.listMessages(conv.id, { afterSeq: 1, beforeSeq: 4, newest: true, limit: 1 }))).toEqual(['three']);
      });

      it('stores a resend with the same client id once and returns the first copy', async () => {
        const { visitor, conv } = await newConversation();
        const first = await say(conv.id, visitor.id, 'hello', 'c-1');
        const again = await say(conv.id, visitor.id, 'hello', 'c-1');
        expect(first?.duplicate).toBe(false);
        expect(again).toEqual({ message: first!.message, duplicate: true });
        expect(await store.listMessages(conv.id)).toHaveLength(1);
        expect((await store.findMessageByClientId(visitor.id, 'c-1'))?.id).toBe(first!.message.id);
      });

      it('keeps bot reasoning and quick replies with a message', async () => {
        const { conv } = await newConversation();
        const bot = { kind: 'answer' as const, lang: 'en' as const, intent: 'order_status', confidence: 0.9, alternatives: [], frustrated: false, frustration: 0, priority: 'low' as const, reasons: ['matched'] };
        await store.appendMessage({ conversationId: conv.id, author: 'bot', senderId: null, authorName: null, text: 'Here.', clientId: null, quickReplies: [{ label: 'Refunds', value: 'intent:refund' }], bot });
        const [row] = await store.listMessages(conv.id);
        expect(row!.bot).toEqual(bot);
        expect(row!.quickReplies).toEqual([{ label: 'Refunds', value: 'intent:refund' }]);
      });

      it("writes a guarded message only while the conversation is in the guard's state", async () => {
        const { conv } = await newConversation();
        const a = await agent('a@example.com');
        const b = await agent('b@example.com');
        expect(await store.appendMessage({ conversationId: conv.id, author: 'bot', senderId: null, authorName: null, text: 'bot', clientId: null }, { status: ['bot'] })).not.toBeNull();
        await store.transition(conv.id, { from: ['bot'], to: 'assigned', actor: { kind: 'agent', id: a.id }, reason: 'claimed', patch: { assignedAgentId: a.id } });
        // The bot lost the conversation: its late reply is refused, and so is an agent it is not assigned to.
        expect(await store.appendMessage({ conversationId: conv.id, author: 'bot', senderId: null, authorName: null, text: 'late', clientId: null }, { status: ['bot'] })).toBeNull();
        const fromB = { conversationId: conv.id, author: 'agent' as const, senderId: b.id, authorName: 'B', text: 'me too', clientId: 'b-1' };
        expect(await store.appendMessage(fromB, { status: ['assigned'], assignedAgentId: b.id })).toBeNull();
        const fromA = { ...fromB, senderId: a.id, authorName: 'A', text: 'hello', clientId: 'a-1' };
        const stored = await store.appendMessage(fromA, { status: ['assigned'], assignedAgentId: a.id });
        expect(stored?.duplicate).toBe(false);
        // A resend of a stored message is recognised even after the guard would refuse it.
        await store.transition(conv.id, { from: ['assigned'], to: 'resolved', actor: { kind: 'agent', id: a.id }, reason: 'resolved' });
        expect((await store.appendMessage(fromA, { status: ['assigned'], assignedAgentId: a.id }))?.duplicate).toBe(true);
        expect((await store.listMessages(conv.id)).map((m) => m.text)).toEqual(['bot', 'hello']);
      });

      it("keeps the conversation's last message and the visitor's last words, and the first agent reply after a handoff", async () => {
        const { visitor, conv } = await newConversation();
        const a = await agent('a@example.com');
        await say(conv.id, visitor.id, 'where is my parcel?');
        await say(conv.id, null, 'It is on its way.', null, 'bot');
        let row = (await store.getConversation(conv.id))!;
        expect(row.lastMessage).toMatchObject({ text: 'It is on its way.', author: 'bot' });
        expect(row.lastVisitorMessage).toMatchObject({ text: 'where is my parcel?' });
        // A quick reply clicked is the bot's label, not the visitor's words.
        await store.appendMessage({ conversationId: conv.id, author: 'visitor', senderId: visitor.id, authorName: null, text: 'Yes, connect me', clientId: null, fromQuickReply: true });
        row = (await store.getConversation(conv.id))!;
        expect([row.lastMessage?.text, row.lastVisitorMessage?.text]).toEqual(['Yes, connect me', 'where is my parcel?']);
        // An agent reply before any handoff is not a "first reply after waiting".
        await store.transition(conv.id, { from: ['bot'], to: 'assigned', actor: { kind: 'agent', id: a.id }, reason: 'claimed', patch: { assignedAgentId: a.id } });
        await say(conv.id, a.id, 'Hi!', null, 'agent');
        expect((await store.getConversation(conv.id))!.firstReplyAt).toBeNull();
        await store.transition(conv.id, { from: ['assigned'], to: 'queued', actor: { kind: 'agent', id: a.id }, reason: 'released', patch: { assignedAgentId: null, queuedAt: 100 } });
        await store.transition(conv.id, { from: ['queued'], to: 'assigned', actor: { kind: 'agent', id: a.id }, reason: 'claimed', patch: { assignedAgentId: a.id } });
        await say(conv.id, null, 'Ada joined', null, 'system');
        const reply = await say(conv.id, a.id, 'Back again.', null, 'agent');
        row = (await store.getConversation(conv.id))!;
        expect(row.firstReplyAt).toBe(reply!.message.createdAt);
        // System lines are not "the last message": the list shows what people said.
        expect(row.lastMessage).toMatchObject({ text: 'Back again.', author: 'agent' });
      });

      it('finds conversations by words in their messages, in English and Chinese, one hit each, newest first', async () => {
        let clock = 1_000;
        await store.close();
        store = await factory.make({ now: () => (clock += 10) });
        const one = await newConversation();
        const two = await newConversation();
        await say(one.conv.id, one.visitor.id, 'My refund has not arrived');
        await say(one.conv.id, one.visitor.id, 'still waiting for the REFUND');
        await say(two.conv.id, two.visitor.id, '我想退货，包裹坏了');
        await say(two.conv.id, null, 'Refunds take five days.', null, 'bot');
        await say(two.conv.id, null, 'secret system line', null, 'system');
        const hits = await store.searchMessages({ query: 'refund', cursor: null, limit: 10 });
        expect(hits.map((h) => [h.conversationId, h.text])).toEqual([
          [two.conv.id, 'Refunds take five days.'],
          [one.conv.id, 'still waiting for the REFUND'],
        ]);
        expect((await store.searchMessages({ query: '退货', cursor: null, limit: 10 })).map((h) => h.conversationId)).toEqual([two.conv.id]);
        expect((await store.searchMessages({ query: '包裹坏', cursor: null, limit: 10 })).map((h) => h.conversationId)).toEqual([two.conv.id]);
        expect(await store.searchMessages({ query: 'system line', cursor: null, limit: 10 })).toEqual([]);
        // Punctuation and operators are text, not query syntax.
        expect(await store.searchMessages({ query: '" OR *', cursor: null, limit: 10 })).toEqual([]);
        expect(await store.searchMessages({ query: '%', cursor: null, limit: 10 })).toEqual([]);
        // A NUL would end FTS5's query string mid-phrase: it is dropped.
        expect(await store.searchMessages({ query: 're\0fund', cursor: null, limit: 10 })).toEqual(hits);
        expect(await store.searchMessages({ query: '\0\0', cursor: null, limit: 10 })).toEqual([]);
        const first = await store.searchMessages({ query: 'refund', cursor: null, limit: 1 });
        const next = await store.searchMessages({ query: 'refund', cursor: { at: first[0]!.at, id: first[0]!.conversationId }, limit: 1 });
        expect(next.map((h) => h.conversationId)).toEqual([one.conv.id]);
      });
      it('numbers messages from two nodes writing to one conversation without gaps or repeats, and stores a resend sent to both once', async () => {
        const { visitor, conv } = await newConversation();
        const other = await factory.another();
        const writes = [];
        for (let i = 0; i < 10; i++) {
          const s = i % 2 === 0 ? store : other;
          writes.push(s.appendMessage({ conversationId: conv.id, author: 'visitor', senderId: visitor.id, authorName: null, text: `m${i}`, clientId: `c${i}` }));
        }
        const seqs = (await Promise.all(writes)).map((r) => r!.message.seq).sort((x, y) => x - y);
        expect(seqs).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
        const resend = { conversationId: conv.id, author: 'visitor' as const, senderId: visitor.id, authorName: null, text: 'once', clientId: 'twice' };
        const both = await Promise.all([store.appendMessage(resend), other.appendMessage(resend)]);
        expect(both.map((r) => r!.duplicate).sort()).toEqual([false, true]);
        expect(both[0]!.message.id).toBe(both[1]!.message.id);
        expect(await store.listMessages(conv.id)).toHaveLength(11);
      });
    });

    describe('conversations', () => {
      it('lets only one of two racing claims win, and logs each transition', async () => {
        const { conv } = await newConversation();
        await queue(conv.id, 'high');
        const a = await agent('a@example.com');
        const b = await agent('b@example.com');
        const claim = (id: string) =>
          store.transition(conv.id, { from: ['queued', 'bot'], to: 'assigned', actor: { kind: 'agent', id }, reason: 'claimed', patch: { assignedAgentId: id } });
        const [x, y] = await Promise.all([claim(a.id), claim(b.id)]);
        expect([x, y].filter(Boolean)).toHaveLength(1);
        const winner = (x ?? y)!.assignedAgentId;
        expect((await store.getConversation(conv.id))?.assignedAgentId).toBe(winner);
        expect((await store.listEvents(conv.id)).map((e) => [e.from, e.to, e.actor.kind])).toEqual([
          [null, 'bot', 'visitor'],
          ['bot', 'queued', 'bot'],
          ['queued', 'assigned', 'agent'],
        ]);
        expect((await store.getConversation(conv.id))?.priority).toBe('high');
      });

      it("refuses a change to a conversation assigned to someone else when the change names its agent", async () => {
        const { conv } = await newConversation();
        const a = await agent('a@example.com');
        const b = await agent('b@example.com');
        await store.transition(conv.id, { from: ['bot'], to: 'assigned', actor: { kind: 'agent', id: b.id }, reason: 'claimed', patch: { assignedAgentId: b.id } });
        const resolveAs = (id: string) =>
          store.transition(conv.id, { from: ['assigned', 'queued', 'bot'], to: 'resolved', onlyIfAssignedTo: id, actor: { kind: 'agent', id }, reason: 'resolved' });
        expect(await resolveAs(a.id)).toBeNull();
        expect((await store.getConversation(conv.id))?.status).toBe('assigned');
        expect((await resolveAs(b.id))?.status).toBe('resolved');
        // Unassigned conversations are anyone's to resolve.
        const other = await newConversation();
        expect((await store.transition(other.conv.id, { from: ['bot'], to: 'resolved', onlyIfAssignedTo: a.id, actor: { kind: 'agent', id: a.id }, reason: 'resolved' }))?.status).toBe('resolved');
      });

      it('stores and clears handoff details with a transition, and refuses one from the wrong state', async () => {
        const { conv } = await newConversation();
        const handoff: Handoff = { priority: 'high', reasons: ['asked for a person'], frustration: 0.4, intent: 'refund', summary: 'I want my money back', at: 7 };
        const queued = await store.transition(conv.id, { from: ['bot'], to: 'queued', actor: { kind: 'bot', id: null }, reason: 'handoff', patch: { handoff } });
        expect(queued?.handoff).toEqual(handoff);
        const back = await store.transition(conv.id, { from: ['queued'], to: 'bot', actor: { kind: 'system', id: null }, reason: 'test', patch: { handoff: null } });
        expect(back?.handoff).toBeNull();
        expect(await store.transition(conv.id, { from: ['queued'], to: 'resolved', actor: { kind: 'system', id: null }, reason: 'stale' })).toBeNull();
        expect((await store.listEvents(conv.id)).map((e) => e.reason)).toEqual(['conversation started', 'handoff', 'test']);
      });

      it('offers the form to a queued conversation once, and logs it', async () => {
        const { conv } = await newConversation();
        expect(await store.requestContact(conv.id, { at: 50, reason: 'nobody available' })).toBeNull();
        await queue(conv.id);
        expect((await store.requestContact(conv.id, { at: 60, reason: 'nobody available' }))?.contactRequestedAt).toBe(60);
        expect(await store.requestContact(conv.id, { at: 70, reason: 'queue timeout' })).toBeNull();
        expect((await store.listEvents(conv.id)).at(-1)).toMatchObject({ from: 'queued', to: 'queued', reason: 'nobody available' });
      });

      it('lists every waiting conversation however many others there are, and pages bot and resolved ones', async () => {
        let clock = 1_000;
        await store.close();
        store = await factory.make({ now: () => (clock += 10) });
        const waiting = await newConversation();
        await queue(waiting.conv.id, 'urgent');
        const bots: ConversationRow[] = [];
        for (let i = 0; i < 30; i++) bots.push((await newConversation()).conv);
        const resolved = await newConversation();
        await store.transition(resolved.conv.id, { from: ['bot'], to: 'resolved', actor: { kind: 'system', id: null }, reason: 'test', patch: { resolvedAt: clock } });
        expect((await store.listWaiting()).map((c) => c.id)).toEqual([waiting.conv.id]);

        const page1 = await store.pageConversations({ view: 'bot', activeSince: 0, cursor: null, limit: 20 });
        const last = page1.at(-1)!;
        const page2 = await store.pageConversations({ view: 'bot', activeSince: 0, cursor: { at: last.updatedAt, id: last.id }, limit: 20 });
        expect([...page1, ...page2].map((c) => c.id)).toEqual(bots.map((c) => c.id).reverse());
        // Quiet ones drop out of the live bot list.
        const recent = await store.pageConversations({ view: 'bot', activeSince: bots[25]!.updatedAt, cursor: null, limit: 50 });
        expect(recent.map((c) => c.id)).toEqual(bots.slice(25).map((c) => c.id).reverse());
        expect((await store.pageConversations({ view: 'resolved', activeSince: 0, cursor: null, limit: 5 })).map((c) => c.id)).toEqual([resolved.conv.id]);
      });

      it("lists a visitor's conversations newest first", async () => {
        const { visitor, conv } = await newConversation();
        await store.transition(conv.id, { from: ['bot'], to: 'resolved', actor: { kind: 'system', id: null }, reason: 'test' });
        const { conversation: second } = await store.createConversation({ visitorId: visitor.id, locale: 'zh', pageUrl: null, actor: { kind: 'visitor', id: visitor.id } });
        expect((await store.listVisitorConversations(visitor.id, 10)).map((c) => c.id)).toEqual([second.id, conv.id]);
        expect((await store.latestConversationForVisitor(visitor.id))?.id).toBe(second.id);
      });

      it('replaces a first rating with a second one', async () => {
        const { conv } = await newConversation();
        await store.saveRating(conv.id, 2, 'slow');
        await store.saveRating(conv.id, 5, null);
        const row = await store.getConversation(conv.id);
        expect([row?.ratingScore, row?.ratingComment]).toEqual([5, null]);
      });

      it('starts a conversation with fresh bot memory and keeps what the bot learns', async () => {
        const { conv } = await newConversation();
        expect(conv.status).toBe('bot');
        expect(conv.botState).toEqual(INITIAL_BOT_STATE);
        const learned = { ...INITIAL_BOT_STATE, fallbackStreak: 2, lastIntent: 'refund' };
        const updated = await store.updateConversation(conv.id, { botState: learned, locale: 'zh' });
        expect(updated).toMatchObject({ botState: learned, locale: 'zh' });
        expect(await store.updateConversation('missing', { locale: 'en' })).toBeNull();
      });
      it('keeps one open conversation per visitor: a second start returns the open one, and a reopen beside it is refused', async () => {
        const { visitor, conv } = await newConversation();
        const again = await open(store, visitor.id);
        expect(again).toMatchObject({ created: false, conversation: { id: conv.id } });
        expect((await store.listEvents(conv.id)).filter((e) => e.from === null)).toHaveLength(1);
        await store.transition(conv.id, { from: ['bot'], to: 'resolved', actor: { kind: 'system', id: null }, reason: 'test' });
        const next = await open(store, visitor.id);
        expect(next.created).toBe(true);
        expect(next.conversation.id).not.toBe(conv.id);
        // Reopening the old one now would make two open conversations: a failed condition, nothing changed.
        expect(await store.transition(conv.id, { from: ['resolved'], to: 'bot', actor: { kind: 'visitor', id: visitor.id }, reason: 'visitor wrote again' })).toBeNull();
        expect((await store.getConversation(conv.id))?.status).toBe('resolved');
        expect((await store.listEvents(conv.id)).map((e) => e.to)).toEqual(['bot', 'resolved']);
      });

      it("starts one conversation when two nodes take a visitor's first message at once", async () => {
        const other = await factory.another();
        for (let i = 0; i < 10; i++) {
          const visitor = await store.createVisitor();
          const [x, y] = await Promise.all([open(store, visitor.id), open(other, visitor.id)]);
          expect([x.created, y.created].sort()).toEqual([false, true]);
          expect(x.conversation.id).toBe(y.conversation.id);
          expect(await store.listVisitorConversations(visitor.id, 5)).toHaveLength(1);
        }
      });

      it('lets one of two nodes claim a conversation and tells the other it lost', async () => {
        const { conv } = await newConversation();
        const other = await factory.another();
        const a = await agent('a@example.com');
        const b = await agent('b@example.com');
        const claim = (s: Store, id: string) =>
          s.transition(conv.id, { from: ['bot', 'queued'], to: 'assigned', actor: { kind: 'agent', id }, reason: 'claimed', patch: { assignedAgentId: id } });
        const results = await Promise.all([claim(store, a.id), claim(other, b.id)]);
        expect(results.filter(Boolean)).toHaveLength(1);
        const winner = results.find(Boolean)!.assignedAgentId;
        expect((await other.getConversation(conv.id))?.assignedAgentId).toBe(winner);
        expect((await store.listEvents(conv.id)).filter((e) => e.to === 'assigned')).toHaveLength(1);
      });

      it("stores a bot turn's memory and reply together, or neither when another turn or an agent came first", async () => {
        const { visitor, conv } = await newConversation();
        const other = await factory.another();
        await store.appendMessage({ conversationId: conv.id, author: 'visitor', senderId: visitor.id, authorName: null, text: 'refund?', clientId: 'q1' });
        const reply = (text: string) => ({ conversationId: conv.id, author: 'bot' as const, senderId: null, authorName: null, text, clientId: null, quickReplies: [{ label: 'Yes', value: 'yes' }] });
        const mine = { ...INITIAL_BOT_STATE, lastIntent: 'refund' };
        const theirs = { ...INITIAL_BOT_STATE, lastIntent: 'order_status' };
        const turn = (s: Store, botState: typeof mine, text: string) => s.saveBotTurn(conv.id, { botState, botVersion: conv.botVersion, reply: reply(text) });
        // Two turns from the same memory on two nodes: one is stored whole, the other not at all.
        const results = await Promise.all([turn(store, mine, 'mine'), turn(other, theirs, 'theirs')]);
        expect(results.filter(Boolean)).toHaveLength(1);
        const won = results.find(Boolean)!;
        expect(won.message).toMatchObject({ author: 'bot', seq: 2, quickReplies: [{ label: 'Yes', value: 'yes' }] });
        expect(won.conversation).toMatchObject({ botVersion: conv.botVersion + 1, lastMessage: { text: won.message!.text, author: 'bot' } });
        expect((await store.listMessages(conv.id)).map((m) => m.text)).toEqual(['refund?', won.message!.text]);
        expect((await store.getConversation(conv.id))?.botState).toEqual(won.conversation.botState);
        // A turn with nothing to say stores its memory alone.
        const quiet = await store.saveBotTurn(conv.id, { botState: mine, botVersion: won.conversation.botVersion, reply: null });
        expect(quiet).toMatchObject({ message: null, conversation: { botState: mine, botVersion: won.conversation.botVersion + 1 } });
        // Once an agent has the conversation, the bot stores nothing.
        const a = await agent('a@example.com');
        const taken = await store.transition(conv.id, { from: ['bot'], to: 'assigned', actor: { kind: 'agent', id: a.id }, reason: 'claimed', patch: { assignedAgentId: a.id } });
        expect(await store.saveBotTurn(conv.id, { botState: theirs, botVersion: taken!.botVersion, reply: reply('too late') })).toBeNull();
        expect((await store.listMessages(conv.id)).map((m) => m.text)).toEqual(['refund?', won.message!.text]);
        expect((await store.getConversation(conv.id))?.botState).toEqual(mine);
      });

      it('writes bot memory only while the conversation is still the bot\'s and nobody wrote it since it was read', async () => {
        const { conv } = await newConversation();
        const other = await factory.another();
        const mine = { ...INITIAL_BOT_STATE, lastIntent: 'refund' };
        const theirs = { ...INITIAL_BOT_STATE, lastIntent: 'order_status' };
        const condition = { status: ['bot' as const], botVersion: conv.botVersion };
        // Two turns decided from the same memory on two nodes: one write wins, the other is told.
        const results = await Promise.all([store.updateConversation(conv.id, { botState: mine }, condition), other.updateConversation(conv.id, { botState: theirs }, condition)]);
        expect(results.filter(Boolean)).toHaveLength(1);
        const won = results.find(Boolean)!;
        expect(won.botVersion).toBe(conv.botVersion + 1);
        expect((await store.getConversation(conv.id))?.botState).toEqual(won.botState);
        // The loser reads again and writes on top.
        expect(await store.updateConversation(conv.id, { botState: mine }, { status: ['bot'], botVersion: won.botVersion })).toMatchObject({ botState: mine });
        const a = await agent('a@example.com');
        const taken = await store.transition(conv.id, { from: ['bot'], to: 'assigned', actor: { kind: 'agent', id: a.id }, reason: 'claimed', patch: { assignedAgentId: a.id } });
        expect(await store.updateConversation(conv.id, { botState: theirs }, { status: ['bot'], botVersion: taken!.botVersion })).toBeNull();
        expect((await store.getConversation(conv.id))?.botState).toEqual(mine);
      });
    });

    describe('agents, presence and assignment', () => {
      it('finds agents by email whatever its case, and refuses a second account for one email', async () => {
        await store.createAgent({ email: 'Ana@Example.com', name: 'Ana', passwordHash: 'h' });
        expect((await store.findAgentByEmail('ana@example.com'))?.name).toBe('Ana');
        await expect(store.createAgent({ email: 'ANA@example.com', name: 'Other', passwordHash: 'h' })).rejects.toThrow();
        expect(await store.countAgents()).toBe(1);
      });

      it('makes the first account an admin whatever it asks, later ones what they ask, and an admin again once none is left', async () => {
        const first = await store.createAgent({ email: 'first@example.com', name: 'First', passwordHash: 'h', role: 'agent' });
        const plain = await agent('plain@example.com');
        const boss = await store.createAgent({ email: 'boss@example.com', name: 'Boss', passwordHash: 'h', role: 'admin' });
        expect([first.role, plain.role, boss.role]).toEqual(['admin', 'agent', 'admin']);
        expect((await store.getAgent(plain.id))?.role).toBe('agent');
        await store.createSession({ tokenHash: 'tp', agentId: plain.id, expiresAt: Date.now() + 60_000 });
        expect((await store.findSession('tp', Date.now()))?.role).toBe('agent');
        await store.removeAgent(first.id, 1);
        expect((await agent('still-agent@example.com')).role).toBe('agent');
        await store.removeAgent(boss.id, 2);
        // Nobody left to manage the team: the next account is its admin.
        expect((await agent('rescue@example.com')).role).toBe('admin');
      });

      it('ends a session unused since the idle limit, and counts a use from when it is touched', async () => {
        const a = await agent('a@example.com');
        let clock = 1_000;
        await store.close();
        store = await factory.make({ now: () => clock });
        const b = await agent('b@example.com');
        await store.createSession({ tokenHash: 'idle', agentId: b.id, expiresAt: 1_000_000 });
        expect(await store.findSession('idle', 5_000, 1_000)).not.toBeNull();
        expect(await store.findSession('idle', 5_000, 1_001)).toBeNull();
        await store.touchSession('idle', 4_000);
        expect(await store.findSession('idle', 5_000, 3_000)).not.toBeNull();
        expect(await store.findSession('idle', 5_000)).not.toBeNull();
        expect(a.id).not.toBe(b.id);
      });

      it('forgets a session once it has expired or was deleted', async () => {
        const a = await agent('a@example.com');
        await store.createSession({ tokenHash: 't1', agentId: a.id, expiresAt: 1000 });
        expect(await store.findSession('t1', 999)).toEqual({ agentId: a.id, expiresAt: 1000, role: 'admin' });
        expect(await store.findSession('t1', 1000)).toBeNull();
        await store.createSession({ tokenHash: 't2', agentId: a.id, expiresAt: Date.now() + 60_000 });
        await store.deleteSession('t2');
        expect(await store.findSession('t2', Date.now())).toBeNull();
      });

      it('removes an agent: sessions and presence gone, out of the roster and the counts, never assigned, the row kept', async () => {
        const a = await agent('a@example.com', 'A');
        const b = await agent('b@example.com', 'B');
        await store.createSession({ tokenHash: 'ta', agentId: a.id, expiresAt: Date.now() + 60_000 });
        for (const x of [a, b]) await store.setAgentPresence(x.id, 'n', true, 1_000);
        expect(await store.removeAgent(a.id, 2_000)).toBe(true);
        expect(await store.removeAgent(a.id, 3_000)).toBe(false);
        expect(await store.findSession('ta', Date.now())).toBeNull();
        expect(await store.countAgents()).toBe(1);
        expect(await store.countAvailableAgents(500)).toBe(1);
        expect((await store.listAgentStates(500)).map((s) => s.name)).toEqual(['B']);
        expect(await store.findAgentByEmail('a@example.com')).toMatchObject({ id: a.id, name: 'A', removedAt: 2_000 });
        expect((await store.getAgent(a.id))?.removedAt).toBe(2_000);
        // A session created for a removed agent (a sign-in racing the removal) is not live either.
        await store.createSession({ tokenHash: 'late', agentId: a.id, expiresAt: Date.now() + 60_000 });
        expect(await store.findSession('late', Date.now())).toBeNull();
        // A node that has not noticed yet still counts a console of theirs: it makes them neither available nor assignable.
        await store.setAgentPresence(a.id, 'slow-node', true, 1_000);
        await store.setAgentStatus(a.id, 'available');
        await store.setAgentStatus(b.id, 'away');
        expect(await store.countAvailableAgents(500)).toBe(0);
        expect((await store.listAgentStates(500)).map((s) => s.name)).toEqual(['B']);
        const { conv } = await newConversation();
        const assigned = await store.assignToAvailable(conv.id, { from: ['bot'], actor: { kind: 'system', id: null }, reason: 'auto', maxChats: 5, seenSince: 500 });
        expect(assigned).toBeNull();
      });

      it('answers a readiness query while open, and refuses once closed', async () => {
        await expect(store.ready()).resolves.toBeUndefined();
        const other = await factory.make();
        await other.close();
        await expect(other.ready()).rejects.toThrow();
      });

      it('counts an agent available while a console is connected and recently heard from, and not when away', async () => {
        const a = await agent('a@example.com', 'A');
        const b = await agent('b@example.com', 'B');
        await store.setAgentPresence(a.id, 'n1', true, 1_000);
        await store.setAgentPresence(a.id, 'n2', true, 1_000);
        await store.setAgentPresence(b.id, 'n1', true, 1_000);
        expect(await store.countAvailableAgents(500)).toBe(2);
        await store.clearPresence('n1');
        expect(await store.countAvailableAgents(500)).toBe(1);
        await store.setAgentStatus(a.id, 'away');
        expect(await store.countAvailableAgents(500)).toBe(0);
        expect((await store.listAgentStates(500)).map((s) => [s.name, s.status, s.online])).toEqual([
          ['A', 'away', true],
          ['B', 'available', false],
        ]);
        await store.setAgentStatus(a.id, 'available');
        await store.setAgentPresence(a.id, 'n2', false, 2_000);
        expect(await store.countAvailableAgents(500)).toBe(0);
      });

      it("stops counting a node's consoles once its heartbeat is older than the time-to-live", async () => {
        const a = await agent('a@example.com');
        await store.setAgentPresence(a.id, 'dead-node', true, 1_000);
        await store.setAgentPresence(a.id, 'live-node', true, 1_000);
        await store.touchPresence('live-node', 30_000);
        expect(await store.countAvailableAgents(10_000)).toBe(1);
        await store.clearPresence('live-node');
        // Only the dead node's row is left, last heard from at 1 000: not online at 10 000.
        expect(await store.countAvailableAgents(10_000)).toBe(0);
        expect((await store.listAgentStates(10_000))[0]?.online).toBe(false);
      });

      it('assigns to the available agent with the fewest open chats, under the limit, never back to who released it', async () => {
        const a = await agent('a@example.com', 'A');
        const b = await agent('b@example.com', 'B');
        const away = await agent('c@example.com', 'C');
        for (const x of [a, b, away]) await store.setAgentPresence(x.id, 'n', true, 1_000);
        await store.setAgentStatus(away.id, 'away');
        const assign = async (id: string, maxChats = 2) =>
          (await store.assignToAvailable(id, { from: ['queued', 'bot'], actor: { kind: 'system', id: null }, reason: 'auto', maxChats, seenSince: 500 }))?.assignedAgentId ?? null;

        const convs = [];
        for (let i = 0; i < 5; i++) convs.push((await newConversation()).conv);
        const first = await assign(convs[0]!.id);
        const second = await assign(convs[1]!.id);
        expect(new Set([first, second])).toEqual(new Set([a.id, b.id]));
        await assign(convs[2]!.id);
        await assign(convs[3]!.id);
        // Both at the limit of 2: nobody takes the fifth, and it is left as it was.
        expect(await assign(convs[4]!.id)).toBeNull();
        expect((await store.getConversation(convs[4]!.id))?.status).toBe('bot');
        expect((await store.listAgentStates(500)).map((s) => s.chats)).toEqual([2, 2, 0]);

        // Released by A: goes to B even though A has fewer chats.
        const released = await store.transition(convs[0]!.id, {
          from: ['assigned'],
          to: 'queued',
          onlyIfAssignedTo: first!,
          actor: { kind: 'agent', id: first },
          reason: 'released',
          patch: { assignedAgentId: null, releasedBy: first },
        });
        expect(released?.releasedBy).toBe(first);
        expect(await assign(convs[0]!.id, 3)).toBe(second);
        expect((await store.getConversation(convs[0]!.id))?.releasedBy).toBeNull();
      });

      it('assigns a conversation once when two nodes race for it', async () => {
        const a = await agent('a@example.com');
        const b = await agent('b@example.com');
        for (const x of [a, b]) await store.setAgentPresence(x.id, 'n', true, 1_000);
        const { conv } = await newConversation();
        await queue(conv.id);
        const change = { from: ['queued' as const], actor: { kind: 'system' as const, id: null }, reason: 'auto', maxChats: 5, seenSince: 500 };
        const other = await factory.another();
        const results = await Promise.all([store.assignToAvailable(conv.id, change), other.assignToAvailable(conv.id, change)]);
        expect(results.filter(Boolean)).toHaveLength(1);
        expect((await store.listEvents(conv.id)).filter((e) => e.to === 'assigned')).toHaveLength(1);
      });

      it("never gives an agent more chats than the limit when two nodes assign different conversations at once", async () => {
        const a = await agent('a@example.com');
        await store.setAgentPresence(a.id, 'n', true, 1_000);
        const other = await factory.another();
        const change = { from: ['queued' as const], actor: { kind: 'system' as const, id: null }, reason: 'auto', maxChats: 1, seenSince: 500 };
        for (let i = 0; i < 5; i++) {
          const one = (await newConversation()).conv;
          const two = (await newConversation()).conv;
          await queue(one.id);
          await queue(two.id);
          const results = await Promise.all([store.assignToAvailable(one.id, change), other.assignToAvailable(two.id, change)]);
          expect(results.filter(Boolean)).toHaveLength(1);
          expect((await store.listAgentStates(500))[0]?.chats).toBe(1);
          await store.transition(results.find(Boolean)!.id, { from: ['assigned'], to: 'resolved', actor: { kind: 'agent', id: a.id }, reason: 'done' });
        }
      });

      it('measures first-reply delays of recent handoffs', async () => {
        let clock = 10_000;
        await store.close();
        store = await factory.make({ now: () => clock });
        const a = await agent('a@example.com');
        const { visitor, conv } = await newConversation();
        await say(conv.id, visitor.id, 'help');
        await store.transition(conv.id, { from: ['bot'], to: 'assigned', actor: { kind: 'agent', id: a.id }, reason: 'claimed', patch: { assignedAgentId: a.id, queuedAt: 10_000 } });
        clock = 70_000;
        await say(conv.id, a.id, 'hi', null, 'agent');
        expect(await store.firstReplyDelays(0)).toEqual([60_000]);
        expect(await store.firstReplyDelays(20_000)).toEqual([]);
      });
    });

    describe('visitors, notes, saved replies and flags', () => {
      it("updates a visitor's details field by field", async () => {
        const v = await store.createVisitor();
        await store.updateVisitor(v.id, { pageUrl: 'https://shop.test/a', pageTitle: 'A', timeZone: 'Asia/Shanghai', seenAt: 5 });
        await store.updateVisitor(v.id, { name: 'Kim', email: 'kim@example.com' });
        expect(await store.getVisitor(v.id)).toMatchObject({ name: 'Kim', email: 'kim@example.com', pageUrl: 'https://shop.test/a', pageTitle: 'A', timeZone: 'Asia/Shanghai', seenAt: 5 });
        expect((await store.getVisitors([v.id, 'unknown', v.id])).map((r) => r.id)).toEqual([v.id]);
      });

      it('keeps one visitor per verified user id: found, else an anonymous visitor adopted, else a new one', async () => {
        const anonymous = await store.createVisitor();
        expect(anonymous.externalId).toBeNull();
        const adopted = await store.visitorForExternalId('user-1', anonymous.id);
        expect(adopted).toMatchObject({ id: anonymous.id, externalId: 'user-1' });
        // Another browser of the same person finds that visitor, and its own anonymous visitor stays as it was.
        const other = await store.createVisitor();
        expect((await store.visitorForExternalId('user-1', other.id)).id).toBe(anonymous.id);
        expect((await store.getVisitor(other.id))?.externalId).toBeNull();
        // A visitor verified as someone is never adopted by another id: that id gets a new visitor.
        const second = await store.visitorForExternalId('user-2', anonymous.id);
        expect(second.id).not.toBe(anonymous.id);
        expect(second.externalId).toBe('user-2');
        expect((await store.getVisitor(anonymous.id))?.externalId).toBe('user-1');
        // Ids compare exactly, byte for byte.
        expect((await store.visitorForExternalId('USER-1', null)).id).not.toBe(anonymous.id);
      });

      it('gives two nodes verifying one new user id at once the same visitor', async () => {
        const peer = await factory.another();
        const [a, b] = await Promise.all([
          store.visitorForExternalId('racer', (await store.createVisitor()).id),
          peer.visitorForExternalId('racer', (await peer.createVisitor()).id),
        ]);
        expect(a.id).toBe(b.id);
        const [c, d] = await Promise.all([store.visitorForExternalId('fresh', null), peer.visitorForExternalId('fresh', null)]);
        expect(c.id).toBe(d.id);
      });

      it('places notes after the message they followed and lists them by range', async () => {
        const { visitor, conv } = await newConversation();
        const a = await agent('a@example.com', 'Ada');
        const early = await store.addNote({ conversationId: conv.id, agentId: a.id, text: 'before anything' });
        await say(conv.id, visitor.id, 'one');
        await say(conv.id, visitor.id, 'two');
        const late = await store.addNote({ conversationId: conv.id, agentId: a.id, text: 'after two' });
        expect([early.afterSeq, late.afterSeq, late.agentName]).toEqual([0, 2, 'Ada']);
        expect((await store.listNotes(conv.id, { fromSeq: 0, toSeq: 1 })).map((n) => n.text)).toEqual(['before anything']);
        expect((await store.listNotes(conv.id, { fromSeq: 1, toSeq: 99 })).map((n) => n.text)).toEqual(['after two']);
      });

      it('keeps saved replies with unique shortcuts', async () => {
        const a = await agent('a@example.com', 'Ada');
        const saved = await store.saveCanned({ id: null, shortcut: 'thanks', text: 'Thank you, {visitor.name}!', agentId: a.id });
        if (!saved || saved === 'taken') throw new Error('not saved');
        expect(saved.updatedBy).toEqual({ id: a.id, name: 'Ada' });
        expect(await store.saveCanned({ id: null, shortcut: 'thanks', text: 'again', agentId: a.id })).toBe('taken');
        expect(await store.saveCanned({ id: 'nope', shortcut: 'other', text: 'x', agentId: a.id })).toBeNull();
        const edited = await store.saveCanned({ id: saved.id, shortcut: 'ty', text: 'Thanks!', agentId: a.id });
        expect(edited).toMatchObject({ id: saved.id, shortcut: 'ty', text: 'Thanks!' });
        expect((await store.listCanned()).map((c) => c.shortcut)).toEqual(['ty']);
        expect(await store.deleteCanned(saved.id)).toBe(true);
        expect(await store.deleteCanned(saved.id)).toBe(false);
      });

      it('keeps flags per visitor with who set them and when', async () => {
        const v = await store.createVisitor();
        const other = await store.createVisitor();
        const a = await agent('a@example.com', 'Ada');
        await store.setVisitorFlag({ visitorId: v.id, label: 'vip', agentId: a.id, at: 10 });
        await store.setVisitorFlag({ visitorId: v.id, label: 'abusive', agentId: a.id, at: 20 });
        await store.setVisitorFlag({ visitorId: v.id, label: 'vip', agentId: a.id, at: 30 });
        const flags = await store.listVisitorFlags([v.id, other.id]);
        expect(flags.get(v.id)?.map((f) => [f.label, f.setBy.name, f.at])).toEqual([
          ['abusive', 'Ada', 20],
          ['vip', 'Ada', 30],
        ]);
        expect(flags.has(other.id)).toBe(false);
        await store.removeVisitorFlag(v.id, 'vip');
        expect((await store.listVisitorFlags([v.id])).get(v.id)?.map((f) => f.label)).toEqual(['abusive']);
      });
    });

    describe('reports', () => {
      const meta = (kind: 'fallback' | 'clarify' | 'answer') => ({ kind, lang: 'en' as const, intent: null, confidence: 0.1, alternatives: [], frustrated: false, frustration: 0, priority: 'low' as const, reasons: [] });

      it("reads a range's conversations page by page with their event log, unanswered questions and transcripts", async () => {
        let t = 1_000;
        const clocked = await factory.make({ now: () => t });
        try {
          const ada = await clocked.createAgent({ email: 'ada@example.com', name: 'Ada', passwordHash: 'x' });
          const start = async (at: number) => {
            t = at;
            const v = await clocked.createVisitor();
            return { v, conv: (await clocked.createConversation({ visitorId: v.id, locale: 'en', pageUrl: null, actor: { kind: 'visitor', id: v.id } })).conversation };
          };
          const a = await start(1_000);
          t = 1_050;
          await clocked.appendMessage({ conversationId: a.conv.id, author: 'visitor', senderId: a.v.id, authorName: null, text: 'do you gift wrap?', clientId: null });
          await clocked.appendMessage({ conversationId: a.conv.id, author: 'bot', senderId: null, authorName: null, text: 'Sorry?', clientId: null, bot: meta('fallback') });
          t = 1_100;
          await clocked.transition(a.conv.id, { from: ['bot'], to: 'queued', actor: { kind: 'bot', id: null }, reason: 'asked for a person; angry: useless', patch: { priority: 'high', queuedAt: 1_100 } });
          t = 1_200;
          await clocked.transition(a.conv.id, { from: ['queued'], to: 'assigned', actor: { kind: 'agent', id: ada.id }, reason: 'claimed', patch: { assignedAgentId: ada.id } });
          t = 1_300;
          await clocked.appendMessage({ conversationId: a.conv.id, author: 'agent', senderId: ada.id, authorName: 'Ada', text: 'Hello', clientId: null });
          t = 1_500;
          await clocked.transition(a.conv.id, { from: ['assigned'], to: 'resolved', actor: { kind: 'agent', id: ada.id }, reason: 'resolved', patch: { resolvedAt: 1_500 } });
          await clocked.saveRating(a.conv.id, 4, null);
          const b = await start(2_000);
          await clocked.appendMessage({ conversationId: b.conv.id, author: 'visitor', senderId: b.v.id, authorName: null, text: 'where is my order', clientId: null });
          await clocked.appendMessage({ conversationId: b.conv.id, author: 'bot', senderId: null, authorName: null, text: 'It ships today.', clientId: null, bot: meta('answer') });
          const late = await start(3_000);
          await clocked.appendMessage({ conversationId: late.conv.id, author: 'visitor', senderId: late.v.id, authorName: null, text: 'outside the range', clientId: null });
          await clocked.appendMessage({ conversationId: late.conv.id, author: 'bot', senderId: null, authorName: null, text: 'Sorry?', clientId: null, bot: meta('clarify') });

          const range = { from: 1_000, to: 3_000 };
          const first = await clocked.reportConversations({ range, after: null, limit: 1 });
          expect(first.map((c) => [c.id, c.status, c.ratingScore, c.assignedAgentId, c.resolvedAt])).toEqual([[a.conv.id, 'resolved', 4, ada.id, 1_500]]);
          expect(first[0]!.events.map((e) => [e.from, e.to, e.actor.kind, e.priority, e.at, e.firstAgentAt, e.firstAgentId])).toEqual([
            [null, 'bot', 'visitor', null, 1_000, null, null],
            ['bot', 'queued', 'bot', 'high', 1_100, 1_300, ada.id],
            ['queued', 'assigned', 'agent', null, 1_200, null, null],
            ['assigned', 'resolved', 'agent', null, 1_500, null, null],
          ]);
          expect(first[0]!.events[1]!.reason).toBe('asked for a person; angry: useless');
          const second = await clocked.reportConversations({ range, after: { at: 1_000, id: a.conv.id }, limit: 1 });
          expect(second.map((c) => [c.id, c.status, c.events.length])).toEqual([[b.conv.id, 'bot', 1]]);
          expect(await clocked.reportConversations({ range, after: { at: 2_000, id: b.conv.id }, limit: 1 })).toEqual([]);

          expect(await clocked.reportUnanswered({ range, limit: 10 })).toEqual([{ conversationId: a.conv.id, text: 'do you gift wrap?', kind: 'fallback', at: 1_050 }]);
          expect((await clocked.reportUnanswered({ range: { from: 0, to: 10_000 }, limit: 10 })).map((q) => [q.text, q.kind])).toEqual([
            ['outside the range', 'clarify'],
            ['do you gift wrap?', 'fallback'],
          ]);
          const transcripts = await clocked.listTranscripts([b.conv.id, a.conv.id]);
          expect(transcripts.filter((m) => m.conversationId === a.conv.id).map((m) => m.seq)).toEqual([1, 2, 3]);
          expect(transcripts.filter((m) => m.conversationId === b.conv.id).map((m) => m.text)).toEqual(['where is my order', 'It ships today.']);
          expect(await clocked.listTranscripts([])).toEqual([]);
        } finally {
          await clocked.close();
        }
      });
    });

    describe('mail outbox', () => {
      const mail = (conversationId: string | null, recipient = 'v@example.com', notBefore = 0) =>
        ({ conversationId, kind: 'reply' as const, recipient, locale: 'en' as const, payload: { afterSeq: 0, question: 'where?' }, notBefore });

      it('queues mail and hands each due row to one claimant, counting the attempt', async () => {
        const { conv } = await newConversation();
        const [a, b] = await store.enqueueMail([mail(conv.id, 'a@example.com', 100), mail(conv.id, 'b@example.com', 200)]);
        expect(a).toMatchObject({ status: 'queued', attempts: 0, recipient: 'a@example.com', payload: { afterSeq: 0, question: 'where?' }, sentAt: null });
        // Not due yet: nothing to take.
        expect(await store.claimMail({ node: 'n1', now: 50, leaseMs: 1000, limit: 10 })).toEqual([]);
        // Two nodes at once: each row goes to exactly one of them.
        const other = await factory.another();
        const [one, two] = await Promise.all([
          store.claimMail({ node: 'n1', now: 300, leaseMs: 1000, limit: 10 }),
          other.claimMail({ node: 'n2', now: 300, leaseMs: 1000, limit: 10 }),
        ]);
        const taken = [...one, ...two];
        expect(taken.map((r) => r.id).sort()).toEqual([a!.id, b!.id].sort());
        expect(taken.every((r) => r.status === 'sending' && r.attempts === 1)).toBe(true);
        // Claimed: nobody else gets them while the claim lasts.
        expect(await store.claimMail({ node: 'n3', now: 400, leaseMs: 1000, limit: 10 })).toEqual([]);
      });

      it('marks a row sent only for the node that holds it; a claim that expired goes to another node', async () => {
        const { conv } = await newConversation();
        const [row] = await store.enqueueMail([mail(conv.id)]);
        await store.claimMail({ node: 'n1', now: 10, leaseMs: 100, limit: 10 });
        // n1 died: after its claim expires n2 takes the row, and n1's late word changes nothing.
        expect((await store.claimMail({ node: 'n2', now: 200, leaseMs: 100, limit: 10 })).map((r) => [r.id, r.attempts])).toEqual([[row!.id, 2]]);
        expect(await store.finishMail(row!.id, 'n1', { sent: true }, 210)).toBe(false);
        expect(await store.finishMail(row!.id, 'n2', { sent: true }, 220)).toBe(true);
        const [sent] = await store.listMail({ conversationId: conv.id, limit: 10 });
        expect(sent).toMatchObject({ status: 'sent', sentAt: 220, attempts: 2, payload: {} });
        expect(await store.claimMail({ node: 'n3', now: 10_000, leaseMs: 100, limit: 10 })).toEqual([]);
      });

      it("queues again what a node had in flight when it restarts under the same id, and nobody else's", async () => {
        const { conv } = await newConversation();
        await store.enqueueMail([mail(conv.id, 'a@example.com'), mail(conv.id, 'b@example.com')]);
        await store.claimMail({ node: 'n1', now: 10, leaseMs: 60_000, limit: 1 });
        await store.claimMail({ node: 'n2', now: 10, leaseMs: 60_000, limit: 1 });
        expect(await store.releaseMailClaims('n1')).toBe(1);
        expect(await store.releaseMailClaims('n1')).toBe(0);
        expect((await store.claimMail({ node: 'n1', now: 20, leaseMs: 60_000, limit: 5 })).map((r) => r.attempts)).toEqual([2]);
      });

      it('queues a failed attempt again for later, or gives up; a failed row can be queued again', async () => {
        const { conv } = await newConversation();
        const [row] = await store.enqueueMail([mail(conv.id)]);
        await store.claimMail({ node: 'n1', now: 10, leaseMs: 100, limit: 10 });
        expect(await store.finishMail(row!.id, 'n1', { sent: false, error: 'ECONNREFUSED', retryAt: 500 }, 20)).toBe(true);
        expect((await store.listMail({ status: ['queued'], limit: 10 }))[0]).toMatchObject({ status: 'queued', nextAttemptAt: 500, lastError: 'ECONNREFUSED' });
        expect(await store.claimMail({ node: 'n1', now: 499, leaseMs: 100, limit: 10 })).toEqual([]);
        expect(await store.claimMail({ node: 'n1', now: 500, leaseMs: 100, limit: 10 })).toHaveLength(1);
        await store.finishMail(row!.id, 'n1', { sent: false, error: '550 no such user', retryAt: null }, 510);
        expect(await store.countMail()).toEqual({ failed: 1 });
        expect((await store.listMail({ status: ['failed'], limit: 10 })).map((r) => [r.id, r.lastError])).toEqual([[row!.id, '550 no such user']]);
        expect(await store.claimMail({ node: 'n1', now: 10_000, leaseMs: 100, limit: 10 })).toEqual([]);
        expect(await store.retryMail(row!.id, 600)).toMatchObject({ status: 'queued', attempts: 0, nextAttemptAt: 600 });
        expect(await store.retryMail(row!.id, 600)).toBeNull();
        expect(await store.claimMail({ node: 'n1', now: 600, leaseMs: 100, limit: 10 })).toHaveLength(1);
        // No longer needed when its turn came: cancelled, never claimed again, not counted as failed.
        expect(await store.finishMail(row!.id, 'n1', { cancelled: 'rated in the chat' }, 610)).toBe(true);
        expect(await store.countMail()).toEqual({ cancelled: 1 });
        expect(await store.claimMail({ node: 'n1', now: 10_000, leaseMs: 100, limit: 10 })).toEqual([]);
      });

      it('queues the mail a message causes in the same write, and none for a message refused', async () => {
        const { visitor, conv } = await newConversation();
        const reply = { conversationId: conv.id, author: 'agent' as const, senderId: 'ag', authorName: 'Ada', text: 'hi', clientId: null, mail: [mail(conv.id)] };
        expect(await store.appendMessage(reply, { status: ['assigned'] })).toBeNull();
        expect(await store.listMail({ conversationId: conv.id, limit: 10 })).toEqual([]);
        await say(conv.id, visitor.id, 'where is my parcel?');
        expect(await store.appendMessage(reply)).not.toBeNull();
        expect((await store.listMail({ conversationId: conv.id, limit: 10 })).map((r) => r.recipient)).toEqual(['v@example.com']);
        // Other conversations' mail is not listed with this one's.
        const { conv: other } = await newConversation();
        await store.enqueueMail([mail(other.id, 'o@example.com')]);
        expect(await store.listMail({ conversationId: conv.id, limit: 10 })).toHaveLength(1);
        expect(await store.listMail({ limit: 10 })).toHaveLength(2);
      });

      it('queues the mail a status change causes in the same write, and none for a change refused', async () => {
        const { conv } = await newConversation();
        const resolve = { from: ['assigned' as const], to: 'resolved' as const, actor: { kind: 'system' as const, id: null }, reason: 'r', mail: [mail(conv.id)] };
        expect(await store.transition(conv.id, resolve)).toBeNull();
        expect(await store.listMail({ conversationId: conv.id, limit: 10 })).toEqual([]);
        expect(await store.transition(conv.id, { ...resolve, from: ['bot'] })).not.toBeNull();
        expect((await store.listMail({ conversationId: conv.id, limit: 10 })).map((r) => r.recipient)).toEqual(['v@example.com']);
      });

      it("goes with its conversation when a visitor's data is erased", async () => {
        const { visitor, conv } = await newConversation();
        const { conv: kept } = await newConversation();
        await store.enqueueMail([mail(conv.id), mail(kept.id, 'k@example.com')]);
        await store.eraseVisitors([visitor.id]);
        expect((await store.listMail({ limit: 10 })).map((r) => r.recipient)).toEqual(['k@example.com']);
      });

      it("keeps each agent's choice of mail about messages left while nobody was online", async () => {
        const a = await agent('a@example.com', 'Ada');
        const b = await agent('b@example.com', 'Bo');
        expect((await store.getAgent(a.id))?.mailNotify).toBe(false);
        await store.setAgentMailNotify(a.id, true);
        await store.setAgentMailNotify(b.id, true);
        expect((await store.listMailNotifyAgents()).map((r) => r.name)).toEqual(['Ada', 'Bo']);
        await store.setAgentMailNotify(b.id, false);
        await store.removeAgent(a.id, 5);
        expect(await store.listMailNotifyAgents()).toEqual([]);
      });
    });

    describe('roles, invitations and settings', () => {
      it('lists the team by name, changes roles, and refuses a removed account', async () => {
        const ada = await agent('ada@example.com', 'Ada');
        const bob = await agent('bob@example.com', 'bob');
        const cy = await agent('cy@example.com', 'Cy');
        await store.removeAgent(cy.id, 1);
        expect((await store.listAgents()).map((a) => [a.name, a.role])).toEqual([['Ada', 'admin'], ['bob', 'agent']]);
        expect(await store.setAgentRole(bob.id, 'admin')).toBe(true);
        expect((await store.getAgent(bob.id))?.role).toBe('admin');
        expect(await store.setAgentRole(cy.id, 'admin')).toBe(false);
        expect(await store.setAgentRole('nobody', 'admin')).toBe(false);
        expect(ada.role).toBe('admin');
      });

      it('uses an invitation once, before it expires, and only the latest one of an account', async () => {
        const invited = await store.createAgent({ email: 'new@example.com', name: 'New', passwordHash: '' });
        await store.createInvite({ tokenHash: 'old', agentId: invited.id, expiresAt: 1_000 });
        await store.createInvite({ tokenHash: 'inv', agentId: invited.id, expiresAt: 1_000 });
        expect(await store.findInvite('old', 10)).toBeNull();
        expect(await store.findInvite('inv', 1_000)).toBeNull();
        expect(await store.findInvite('inv', 999)).toEqual({ agentId: invited.id });
        expect(await store.redeemInvite('inv', 1_000, 'late')).toBeNull();
        const other = await factory.another();
        const both = await Promise.all([store.redeemInvite('inv', 10, 'hash-1'), other.redeemInvite('inv', 10, 'hash-2')]);
        expect(both.filter(Boolean)).toEqual([{ agentId: invited.id }]);
        expect(['hash-1', 'hash-2']).toContain((await store.getAgent(invited.id))?.passwordHash);
        expect(await store.findInvite('inv', 10)).toBeNull();

        // A removed account's invitation is dead.
        const gone = await store.createAgent({ email: 'gone@example.com', name: 'Gone', passwordHash: '' });
        await store.createInvite({ tokenHash: 'g', agentId: gone.id, expiresAt: 1_000 });
        await store.removeAgent(gone.id, 5);
        expect(await store.redeemInvite('g', 10, 'h')).toBeNull();
      });

      it('keeps desk settings for every node, replacing a value', async () => {
        expect(await store.getSetting('business_hours')).toBeNull();
        await store.setSetting('business_hours', '{"spec":"mon 09:00-17:00"}');
        await (await factory.another()).setSetting('business_hours', '{"spec":"tue 09:00-17:00"}');
        expect(await store.getSetting('business_hours')).toBe('{"spec":"tue 09:00-17:00"}');
      });
    });

    describe("the merchant's data: visitors erased on request, conversations by retention", () => {
      /** A visitor with an e-mail, a conversation with messages, a note, a rating, an event and a flag. */
      async function fullVisitor(s: Store, email: string | null, words: string, a: { id: string }) {
        const visitor = await s.createVisitor();
        if (email) await s.updateVisitor(visitor.id, { email, name: 'Vee' });
        const { conversation: conv } = await open(s, visitor.id);
        await s.appendMessage({ conversationId: conv.id, author: 'visitor', senderId: visitor.id, authorName: null, text: words, clientId: null });
        await s.appendMessage({ conversationId: conv.id, author: 'bot', senderId: null, authorName: null, text: `about ${words}`, clientId: null });
        await s.addNote({ conversationId: conv.id, agentId: a.id, text: 'note' });
        await s.setVisitorFlag({ visitorId: visitor.id, label: 'vip', agentId: a.id, at: 1 });
        const resolved = await s.transition(conv.id, { from: ['bot'], to: 'resolved', actor: { kind: 'system', id: null }, reason: 'done', patch: { resolvedAt: 1 } });
        await s.saveRating(conv.id, 5, 'great');
        return { visitor, conv: resolved! };
      }

      it('finds visitors by e-mail whatever its case and erases everything about them, and nothing of anyone else', async () => {
        const a = await agent('a@example.com');
        const one = await fullVisitor(store, 'Vee@Example.com', 'parcel broken', a);
        const two = await fullVisitor(store, 'vee@example.com', 'parcel late', a);
        const other = await fullVisitor(store, 'someone@example.com', 'parcel fine', a);
        // The second visitor's open conversation goes too.
        const { conversation: open2 } = await open(store, two.visitor.id);
        await say(open2.id, two.visitor.id, 'parcel again');
        // An upload no message took yet is theirs too; someone else's stays.
        const upload = (uploaderId: string, clientId: string) =>
          store.saveAttachment({ uploaderKind: 'visitor', uploaderId, clientId, name: 'a.png', type: 'image/png', width: 1, height: 1, data: Buffer.from('png'), preview: null });
        const unsent = (await upload(one.visitor.id, 'u-1')).attachment;
        const kept = (await upload(other.visitor.id, 'u-2')).attachment;

        const found = await store.findVisitorsByEmail(' VEE@example.com ');
        expect(found.map((v) => v.id).sort()).toEqual([one.visitor.id, two.visitor.id].sort());
        const counts = await store.eraseVisitors(found.map((v) => v.id));
        expect(counts).toEqual({ visitors: 2, conversations: 3, messages: 5, events: 5, notes: 2, flags: 2 });

        expect(await store.findVisitorsByEmail('vee@example.com')).toEqual([]);
        expect(await store.getAttachment(unsent.id)).toBeNull();
        expect(await store.getAttachment(kept.id)).not.toBeNull();
        expect(await store.getVisitor(one.visitor.id)).toBeNull();
        for (const id of [one.conv.id, two.conv.id, open2.id]) {
          expect(await store.getConversation(id)).toBeNull();
          expect(await store.listMessages(id)).toEqual([]);
          expect(await store.listEvents(id)).toEqual([]);
          expect(await store.listNotes(id, { fromSeq: 0, toSeq: 99 })).toEqual([]);
        }
        expect((await store.searchMessages({ query: 'parcel', cursor: null, limit: 10 })).map((h) => h.conversationId)).toEqual([other.conv.id]);
        expect((await store.listMessages(other.conv.id)).length).toBe(2);
        expect((await store.listVisitorFlags([other.visitor.id])).get(other.visitor.id)).toHaveLength(1);
        expect(await store.eraseVisitors([one.visitor.id])).toEqual({ visitors: 0, conversations: 0, messages: 0, events: 0, notes: 0, flags: 0 });

        // New messages after an erasure are stored and found as before.
        const { visitor: later, conv: laterConv } = await newConversation();
        await say(laterConv.id, later.id, 'a parcel once more');
        expect((await store.searchMessages({ query: 'once more', cursor: null, limit: 10 })).map((h) => h.conversationId)).toEqual([laterConv.id]);
      });

      it('purges conversations over and inactive since the cutoff, batch by batch, and their visitors once nothing is left', async () => {
        let clock = 1_000;
        await store.close();
        store = await factory.make({ now: () => clock });
        const a = await agent('a@example.com');
        const old = await fullVisitor(store, 'old@example.com', 'old words', a);
        const oldBot = await newConversation();
        await say(oldBot.conv.id, oldBot.visitor.id, 'old bot chat');
        // Waiting for a person: kept however old.
        const waiting = await newConversation();
        await queue(waiting.conv.id);
        // Old conversation of a visitor who came back later: the conversation goes, the visitor stays.
        const back = await fullVisitor(store, 'back@example.com', 'first visit', a);
        clock = 50_000;
        await store.updateVisitor(back.visitor.id, { seenAt: clock });
        const recent = await fullVisitor(store, null, 'recent words', a);

        const batches: number[] = [];
        for (;;) {
          const got = await store.purgeConversations({ before: 10_000, limit: 2 });
          if (got.conversations === 0) break;
          batches.push(got.conversations);
        }
        expect(batches).toEqual([2, 1]);
        for (const c of [old.conv, oldBot.conv, back.conv]) expect(await store.getConversation(c.id)).toBeNull();
        expect(await store.getVisitor(old.visitor.id)).toBeNull();
        expect(await store.getVisitor(oldBot.visitor.id)).toBeNull();
        expect(await store.getVisitor(back.visitor.id)).not.toBeNull();
        expect((await store.getConversation(waiting.conv.id))?.status).toBe('queued');
        expect(await store.getConversation(recent.conv.id)).not.toBeNull();
        expect((await store.searchMessages({ query: 'words', cursor: null, limit: 10 })).map((h) => h.conversationId)).toEqual([recent.conv.id]);
      });

      it('purges visitors who never started a conversation, a scan at a time', async () => {
        let clock = 1_000;
        await store.close();
        store = await factory.make({ now: () => clock });
        const idle = await Promise.all([1, 2, 3].map(() => store.createVisitor()));
        const seen = await store.createVisitor();
        await store.updateVisitor(seen.id, { seenAt: 99_000 });
        const talking = await newConversation();
        clock = 90_000;
        const fresh = await store.createVisitor();
        let after: string | null = null;
        let erased = 0;
        let scans = 0;
        do {
          const r: Awaited<ReturnType<Store['purgeVisitors']>> = await store.purgeVisitors({ before: 10_000, after, scan: 2 });
          erased += r.erased.visitors;
          after = r.next;
          scans++;
        } while (after !== null);
        expect(erased).toBe(3);
        expect(scans).toBeGreaterThanOrEqual(3);
        for (const v of idle) expect(await store.getVisitor(v.id)).toBeNull();
        for (const v of [seen, talking.visitor, fresh]) expect(await store.getVisitor(v.id)).not.toBeNull();
      });

      it('deletes each old conversation once when two nodes purge at the same time', async () => {
        let clock = 1_000;
        await store.close();
        store = await factory.make({ now: () => clock });
        for (let i = 0; i < 12; i++) {
          const { visitor, conv } = await newConversation();
          await say(conv.id, visitor.id, `message ${i}`);
        }
        clock = 100_000;
        const other = await factory.another();
        const run = async (s: Store) => {
          let total = 0;
          for (let n = -1; n !== 0; total += n) n = (await s.purgeConversations({ before: 10_000, limit: 3 })).conversations;
          return total;
        };
        const [x, y] = await Promise.all([run(store), run(other)]);
        expect(x + y).toBe(12);
        expect(await store.pageConversations({ view: 'bot', activeSince: 0, cursor: null, limit: 50 })).toEqual([]);
      });
    });

    describe('attachments', () => {
      const file = (uploaderId: string, clientId: string, over: Partial<NewAttachment> = {}): NewAttachment => ({
        uploaderKind: 'visitor',
        uploaderId,
        clientId,
        name: 'mug.jpg',
        type: 'image/jpeg',
        width: 4,
        height: 3,
        data: Buffer.from([0xff, 0xd8, 0xff, 1, 2, 3, 0, 255]),
        preview: Buffer.from('RIFF....WEBP'),
        ...over,
      });

      it('stores an upload once per uploader and client id, its bytes read apart from its description', async () => {
        const { visitor } = await newConversation();
        const first = await store.saveAttachment(file(visitor.id, 'u-1'));
        expect(first.duplicate).toBe(false);
        expect(first.attachment).toMatchObject({ name: 'mug.jpg', type: 'image/jpeg', size: 8, width: 4, height: 3, uploaderId: visitor.id, conversationId: null, messageId: null, hasPreview: true });
        // Another node gets the retried upload: the same one, nothing stored twice.
        const again = await (await factory.another()).saveAttachment(file(visitor.id, 'u-1', { data: Buffer.from('other bytes') }));
        expect(again).toEqual({ attachment: first.attachment, duplicate: true });
        expect(await store.findAttachmentByClientId(visitor.id, 'u-1')).toEqual(first.attachment);
        expect(await store.getAttachment(first.attachment.id)).toEqual(first.attachment);
        expect(await store.readAttachment(first.attachment.id, 'file')).toEqual(Buffer.from([0xff, 0xd8, 0xff, 1, 2, 3, 0, 255]));
        expect((await store.readAttachment(first.attachment.id, 'preview'))?.toString()).toBe('RIFF....WEBP');
        const doc = await store.saveAttachment(file(visitor.id, 'u-2', { type: 'application/pdf', name: 'a.pdf', width: null, height: null, preview: null }));
        expect(doc.attachment.hasPreview).toBe(false);
        expect(await store.readAttachment(doc.attachment.id, 'preview')).toBeNull();
        expect(await store.getAttachment('no-such-id')).toBeNull();
      });

      it('a message carries only its sender’s own uploads, each once; lists name a file sent alone', async () => {
        const { visitor, conv } = await newConversation();
        const { attachment: row } = await store.saveAttachment(file(visitor.id, 'u-1'));
        const view = { id: row.id, name: row.name, type: row.type, size: row.size, width: row.width, height: row.height };
        const message = (senderId: string, clientId: string) =>
          store.appendMessage({ conversationId: conv.id, author: 'visitor', senderId, authorName: null, text: '', clientId, attachments: [view] });

        const stranger = await store.createVisitor();
        expect(await message(stranger.id, 'm-0')).toBeNull();
        expect(await store.listMessages(conv.id)).toEqual([]);

        const sent = await message(visitor.id, 'm-1');
        expect(sent?.message.attachments).toEqual([view]);
        expect((await store.listMessages(conv.id))[0]!.attachments).toEqual([view]);
        expect(await store.getAttachment(row.id)).toMatchObject({ conversationId: conv.id, messageId: sent!.message.id });
        expect((await store.getConversation(conv.id))?.lastVisitorMessage?.text).toBe('📎 mug.jpg');
        // The resend of that message is the same message; another message cannot take the file again.
        expect((await message(visitor.id, 'm-1'))?.duplicate).toBe(true);
        expect(await message(visitor.id, 'm-2')).toBeNull();
        expect(await store.listMessages(conv.id)).toHaveLength(1);
      });

      it('deletes a conversation’s attachments with it', async () => {
        const { visitor, conv } = await newConversation();
        const { attachment: row } = await store.saveAttachment(file(visitor.id, 'u-1'));
        const view = { id: row.id, name: row.name, type: row.type, size: row.size, width: row.width, height: row.height };
        await store.appendMessage({ conversationId: conv.id, author: 'visitor', senderId: visitor.id, authorName: null, text: 'see', clientId: 'm-1', attachments: [view] });
        const unsent = await store.saveAttachment(file(visitor.id, 'u-2'));
        await factory.deleteConversation(conv.id);
        expect(await store.getAttachment(row.id)).toBeNull();
        expect(await store.readAttachment(row.id, 'file')).toBeNull();
        // Where the bytes are not in the row itself, they go too (by the next upload, at the latest).
        await store.saveAttachment(file(visitor.id, 'u-3'));
        expect(await factory.storedBytes?.(row.id)).toBeFalsy();
        // Not yet in any conversation: still the visitor's.
        expect(await store.getAttachment(unsent.attachment.id)).not.toBeNull();
      });

      it('forgets uploads no message took within a day', async () => {
        let now = 1_000_000;
        const timed = await factory.make({ now: () => now });
        const visitor = await timed.createVisitor();
        const old = await timed.saveAttachment(file(visitor.id, 'u-old'));
        now += UNSENT_ATTACHMENT_TTL_MS + 1;
        await timed.saveAttachment(file(visitor.id, 'u-new'));
        expect(await timed.getAttachment(old.attachment.id)).toBeNull();
        await timed.close();
      });
    });

    it('keeps the first token secret stored, for every node', async () => {
      const first = 'a'.repeat(40);
      expect(await store.tokenSecret(first)).toBe(first);
      expect(await store.tokenSecret('b'.repeat(40))).toBe(first);
      expect(await (await factory.another()).tokenSecret('c'.repeat(40))).toBe(first);
    });

    it('can be closed twice', async () => {
      await store.close();
      await expect(store.close()).resolves.toBeUndefined();
    });
  });
}
