import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConversationSummary, MailSummary, MailView, Message } from '../../../protocol/index.ts';
import { startTestServer, type TestServer } from '../../support/server.ts';
import { recipients, startTestSmtp, type TestSmtp } from '../../support/smtp.ts';
import { ok, reachPerson, signIn, type SignedIn } from '../desk-peers.ts';
import { connectVisitor, type VisitorPeer } from '../peers.ts';

// Mail to visitors and agents through a real SMTP server in this process: an agent's reply to a visitor
// who left, with a link back into the chat; a transcript on request; agents told of messages left.

let smtp: TestSmtp;
let server: TestServer;
let ada: SignedIn;
const closers: Array<{ close(): void }> = [];

beforeAll(async () => {
  smtp = await startTestSmtp();
  server = await startTestServer({
    env: { PARLEY_SMTP_URL: smtp.url, PARLEY_MAIL_FROM: 'Shop Support <support@shop.test>', PARLEY_MAIL_REPLY_DELAY_S: '0', PARLEY_MAIL_FOLLOW_UP_HOURS: '0', PARLEY_PUBLIC_URL: 'https://chat.shop.test', PARLEY_MAX_CHATS: '50' },
  });
  ada = await signIn(server, 'Ada');
  closers.push(ada);
});
afterAll(async () => {
  for (const c of closers.splice(0)) c.close();
  await server?.close();
  await smtp?.close();
});

const PAGE = { url: 'https://shop.test/kettles/blue?colour=blue', title: 'Blue kettle' };

/** A visitor on the shop page who reached a person (Ada), and gave an e-mail address. */
async function visitorWithAddress(email: string | null, question = 'this is useless, I want a real person!! where is my kettle?') {
  const visitor = await connectVisitor(server.url);
  closers.push(visitor);
  const hello = await visitor.hello(null, { page: PAGE });
  if (!hello.ok) throw new Error(hello.error);
  if (email) await ok(visitor.emit('visitor:identify', { name: 'Mei', email }));
  const { conversationId, view } = await reachPerson(visitor, question);
  expect(view).toMatchObject({ status: 'assigned', agentName: 'Ada' });
  return { visitor, visitorId: hello.visitorId, conversationId };
}

const reply = (conversationId: string, text: string) => ok(ada.emit('message:send', { conversationId, clientId: crypto.randomUUID(), text }));

describe('mail', () => {
  it('tells the widget and the console that mail is on', async () => {
    const visitor = await connectVisitor(server.url);
    closers.push(visitor);
    const hello = await visitor.hello();
    expect(hello.ok && hello.availability.mail).toBe(true);
    const list = await ok(ada.emit<{ settings: { mail: boolean } }>('queue:list', {}));
    expect(list.settings.mail).toBe(true);
  });

  it("mails an agent's reply to a visitor who left, quoting their question, with a link that brings that browser back into the conversation", async () => {
    const { visitor, visitorId, conversationId } = await visitorWithAddress('mei@example.com');
    visitor.close();
    await reply(conversationId, 'Your kettle left our warehouse today.\nTracking: 1Z999');
    const mail = await smtp.find((m) => recipients(m).includes('mei@example.com'));
    expect(mail.from?.value).toEqual([{ name: 'Shop Support', address: 'support@shop.test' }]);
    expect(mail.subject).toBe('Ada replied to your message');
    expect(mail.text).toContain('Your kettle left our warehouse today.\nTracking: 1Z999');
    expect(mail.text).toContain('> this is useless, I want a real person!! where is my kettle?');
    expect(mail.html).toContain('where is my kettle?');
    const link = /https:\/\/shop\.test\/kettles\/blue\?colour=blue#parley=(\S+)/.exec(mail.text!);
    expect(link).not.toBeNull();

    // Another browser (no token) opening the link becomes that visitor, and sees the conversation.
    const back = await connectVisitor(server.url);
    closers.push(back);
    const hello = await back.emit<{ visitorId: string; conversation: { id: string }; messages: Message[]; token: string }>('session:hello', {
      token: null, locale: 'en', page: { url: `${PAGE.url}#parley=${link![1]}`, title: 'Blue kettle' }, afterSeq: 0, timeZone: null, resume: link![1],
    });
    const h = await ok(Promise.resolve(hello));
    expect(h.visitorId).toBe(visitorId);
    expect(h.conversation.id).toBe(conversationId);
    expect(h.messages.map((m) => m.text)).toContain('Your kettle left our warehouse today.\nTracking: 1Z999');
    // The key in the fragment is never kept as the page the agents see.
    const open = await ok(ada.emit<{ conversation: ConversationSummary }>('conversation:open', { conversationId }));
    expect(open.conversation.visitor.page?.url).toBe(PAGE.url);
    // Their answer continues the same conversation, with Ada.
    const ack = await back.send('Thanks! Can it arrive by Friday?');
    expect(ack.ok && ack.conversationId).toBe(conversationId);
    await ada.events.next<Message>('message:new', (m) => m.text === 'Thanks! Can it arrive by Friday?');
    // A link altered by one character is refused: a new visitor, not Mei.
    const forged = link![1]!.slice(0, -2) + (link![1]!.endsWith('A') ? 'BB' : 'AA');
    const other = await connectVisitor(server.url);
    closers.push(other);
    const stranger = await other.emit<{ visitorId: string }>('session:hello', { token: null, locale: 'en', page: null, afterSeq: 0, timeZone: null, resume: forged });
    expect(stranger.ok && stranger.visitorId).not.toBe(visitorId);
  });

  it('does not mail a visitor who is in the chat, nor one who left no address', async () => {
    const here = await visitorWithAddress('kim@example.com');
    await reply(here.conversationId, 'Hello Kim, looking now.');
    await here.visitor.events.next<Message>('message:new', (m) => m.text === 'Hello Kim, looking now.');
    const gone = await visitorWithAddress(null);
    gone.visitor.close();
    await reply(gone.conversationId, 'Hello? Nobody to mail.');
    expect(await server.store.listMail({ conversationId: here.conversationId, limit: 10 })).toEqual([]);
    expect(await server.store.listMail({ conversationId: gone.conversationId, limit: 10 })).toEqual([]);
  });

  it('escapes HTML the visitor wrote, in the mail', async () => {
    const { visitor, conversationId } = await visitorWithAddress('lee@example.com', 'this is useless, I want a real person!! <script>alert(1)</script><img src=x onerror=alert(2)>');
    visitor.close();
    await reply(conversationId, 'We never run <b>your</b> markup.');
    const mail = await smtp.find((m) => recipients(m).includes('lee@example.com'));
    expect(mail.html).not.toMatch(/<script|<img|<b>your/i);
    expect(mail.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(2)&gt;');
    expect(mail.html).toContain('We never run &lt;b&gt;your&lt;/b&gt; markup.');
    // The plain-text part is the words as written.
    expect(mail.text).toContain('<script>alert(1)</script>');
  });

  it('mails the visitor a transcript of their own conversation, a few times at most, and refuses a malformed address', async () => {
    const { visitor, conversationId } = await visitorWithAddress(null);
    await reply(conversationId, 'Here is your answer.');
    expect(await visitor.emit('transcript:send', { conversationId, email: 'not an address' })).toEqual({ ok: false, error: 'invalid_payload' });
    expect(await visitor.emit('transcript:send', { conversationId: 'someone-else', email: 'me@example.com' })).toEqual({ ok: false, error: 'not_found' });
    expect(await visitor.emit('transcript:send', { conversationId, email: 'me@example.com' })).toEqual({ ok: true });
    const mail = await smtp.find((m) => recipients(m).includes('me@example.com'));
    expect(mail.subject).toBe('Your conversation with us');
    expect(mail.text).toMatch(/You:\nthis is useless/);
    expect(mail.text).toMatch(/Ada:\nHere is your answer\./);
    await ok(visitor.emit('transcript:send', { conversationId, email: 'me@example.com' }));
    await ok(visitor.emit('transcript:send', { conversationId, email: 'me@example.com' }));
    expect(await visitor.emit('transcript:send', { conversationId, email: 'me@example.com' })).toEqual({ ok: false, error: 'rate_limited' });
  });

  it('mails the agents who opted in when a visitor leaves a message while nobody is online, and lists mail in the console', async () => {
    expect(await ok(ada.emit<{ notify: boolean }>('mail:notify', { on: true }))).toEqual({ ok: true, notify: true });
    await ok(ada.emit('agent:status', { status: 'away' }));
    const visitor = await connectVisitor(server.url);
    closers.push(visitor);
    await visitor.hello(null, { page: PAGE });
    const { conversationId, view } = await reachPerson(visitor, 'this is useless, I want a real person!! my <i>parcel</i> is lost');
    expect(view).toMatchObject({ status: 'queued', contactRequested: true });
    await ok(visitor.emit('contact:send', { email: 'zoe@example.com', name: 'Zoe' }));
    const mail = await smtp.find((m) => recipients(m).includes(ada.profile.email));
    expect(mail.subject).toBe('A visitor left a message while nobody was online');
    expect(mail.text).toContain('Zoe <zoe@example.com> left a message:');
    expect(mail.text).toContain('https://chat.shop.test/console');
    expect(mail.html).toContain('my &lt;i&gt;parcel&lt;/i&gt; is lost');
    await ok(ada.emit('agent:status', { status: 'available' }));

    const listed = await ok(ada.emit<{ summary: MailSummary; mails: MailView[] }>('mail:list', { conversationId }));
    expect(listed.summary).toMatchObject({ on: true, notify: true });
    expect(listed.mails.map((m) => [m.kind, m.status, m.recipient])).toEqual([['left-message', 'sent', ada.profile.email]]);
    await ok(ada.emit('mail:notify', { on: false }));
    expect((await ok(ada.emit<{ summary: MailSummary }>('mail:list', { conversationId: null }))).summary.notify).toBe(false);
  });

  it('asks a visitor who left unrated for a rating by mail; opening a link records nothing, confirming does, once, where chat ratings go', async () => {
    const { visitor, conversationId } = await visitorWithAddress('rae@example.com');
    visitor.close();
    await ok(ada.emit('conversation:resolve', { conversationId }));
    const mail = await smtp.find((m) => recipients(m).includes('rae@example.com') && m.subject === 'How did we do?');
    const links = [...(mail.text ?? '').matchAll(/https:\/\/chat\.shop\.test(\/rate\/\S+)/g)].map((m) => `${server.url}${m[1]}`);
    expect(links).toHaveLength(5);
    expect(links[3]).toMatch(/\?score=4$/);

    // A mail scanner (or the visitor) opening the link: a page to confirm, nothing recorded.
    const opened = await fetch(links[3]!);
    expect(opened.status).toBe(200);
    const html = await opened.text();
    expect(html).toMatch(/<input type="radio" name="score" value="4" checked required>/);
    expect((await server.store.getConversation(conversationId))?.ratingScore).toBeNull();

    const action = links[3]!.replace(/\?score=4$/, '');
    const post = (score: string, comment = '') => fetch(action, { method: 'POST', body: new URLSearchParams({ score, comment }) });
    expect((await post('9')).status).toBe(400);
    const upsert = ada.events.next<ConversationSummary>('conversation:upsert', (c) => c.id === conversationId && c.rating?.score === 4);
    const saved = await post('4', 'Quick <b>and</b> kind');
    expect(await saved.text()).toContain('Thank you for your rating!');
    expect(await server.store.getConversation(conversationId)).toMatchObject({ ratingScore: 4, ratingComment: 'Quick <b>and</b> kind' });
    await upsert;
    // Once: the same link again changes nothing.
    expect(await (await post('1')).text()).toContain('This conversation has already been rated.');
    expect(await (await fetch(links[0]!)).text()).toContain('already been rated');
    expect((await server.store.getConversation(conversationId))?.ratingScore).toBe(4);
    // A link altered by one character, or made up, is refused.
    const forged = await fetch(action.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A')));
    expect(forged.status).toBe(404);
  });

  it('lets only admins turn the rating follow-up off; off, a resolve queues none', async () => {
    const bo = await signIn(server, 'Bo');
    closers.push(bo);
    await ok(bo.emit('agent:status', { status: 'away' }));
    expect(await bo.emit('mail:settings', { followUp: false })).toEqual({ ok: false, error: 'forbidden' });
    expect(await ada.emit('mail:settings', { followUp: false })).toEqual({ ok: true, followUp: false });
    expect((await ok(bo.emit<{ summary: MailSummary }>('mail:list', { conversationId: null }))).summary.followUp).toBe(false);
    try {
      const { visitor, conversationId } = await visitorWithAddress('sol@example.com');
      visitor.close();
      await ok(ada.emit('conversation:resolve', { conversationId }));
      expect((await server.store.listMail({ conversationId, limit: 10 })).map((m) => m.kind)).toEqual([]);
    } finally {
      await ok(ada.emit('mail:settings', { followUp: true }));
    }
  });

  it('blocks no chat while the mail server is down: the reply is stored and shown, its mail waits', async () => {
    const { visitor, conversationId } = await visitorWithAddress('ivy@example.com');
    visitor.close();
    await smtp.down();
    try {
      await reply(conversationId, 'We are on it, Ivy.');
      expect((await server.store.listMessages(conversationId)).map((m) => m.text)).toContain('We are on it, Ivy.');
      // Tried, failed, and queued again for later: nothing lost, nothing given up.
      const deadline = Date.now() + 15_000;
      let row = (await server.store.listMail({ conversationId, limit: 5 }))[0];
      while ((!row || row.attempts < 1 || row.status !== 'queued') && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 50));
        row = (await server.store.listMail({ conversationId, limit: 5 }))[0];
      }
      expect(row).toMatchObject({ kind: 'reply', status: 'queued', attempts: 1, recipient: 'ivy@example.com' });
      expect(row!.lastError).toMatch(/ECONNREFUSED/);
    } finally {
      await smtp.up();
    }
  });
});
