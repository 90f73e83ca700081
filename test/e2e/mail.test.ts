import { randomUUID } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reachPerson, signIn, type SignedIn } from '../server/desk-peers.ts';
import { connectVisitor } from '../server/peers.ts';
import { ask, chatFrame, launchChromium, openChat, visitDemoShop } from '../support/browser.ts';
import { startTestServer, type TestServer } from '../support/server.ts';
import { recipients, startTestSmtp, type TestSmtp } from '../support/smtp.ts';

// Mail, the visitor's side, in real Chromium: the link in a reply mail opens the shop page with the chat
// and the conversation; the forms offer the transcript and refuse a malformed address.

const WAIT = 15_000;

let browser: Browser;
let smtp: TestSmtp;
let server: TestServer;
let ada: SignedIn;
const closers: Array<{ close(): unknown }> = [];

beforeAll(async () => {
  browser = await launchChromium();
  smtp = await startTestSmtp();
  server = await startTestServer({ env: { PARLEY_SMTP_URL: smtp.url, PARLEY_MAIL_FROM: 'Shop <support@shop.test>', PARLEY_MAIL_REPLY_DELAY_S: '0' } });
  ada = await signIn(server, 'Ada');
  closers.push(ada);
});

afterAll(async () => {
  for (const c of closers.splice(0)) await c.close();
  await browser?.close();
  await server?.close();
  await smtp?.close();
});

const storedVisitorId = async (page: Page) => (await chatFrame(page).evaluate(() => localStorage.getItem('parley:token')))?.split('.')[1];

describe('mail, in the widget', () => {
  it("opens the shop page from a reply mail's link with the chat and the conversation, as that visitor, and continues it", async () => {
    // A visitor on the demo shop asked for a person, gave an address, and left.
    const peer = await connectVisitor(server.url);
    closers.push(peer);
    const hello = await peer.hello(null, { page: { url: `${server.url}/`, title: 'Demo shop' } });
    if (!hello.ok) throw new Error(hello.error);
    await peer.emit('visitor:identify', { name: 'Mei', email: 'mei@example.com' });
    const { conversationId } = await reachPerson(peer, 'this is useless, I want a real person!! my kettle never came');
    peer.close();
    await ada.emit('message:send', { conversationId, clientId: randomUUID(), text: 'Sorry Mei, a new kettle ships today.' });

    const mail = await smtp.find((m) => recipients(m).includes('mei@example.com'));
    const link = new RegExp(`${server.url.replace(/[.:/]/g, '\\$&')}/#parley=\\S+`).exec(mail.text ?? '')?.[0];
    expect(link).toBeDefined();

    // Another browser, never used for this chat: the link opens the chat by itself, with the conversation.
    const context = await browser.newContext();
    closers.push(context);
    const page = await context.newPage();
    await page.goto(link!);
    const frame = page.frameLocator('iframe[src*="/widget/frame"]');
    const log = frame.getByRole('log');
    await log.getByText('Sorry Mei, a new kettle ships today.').waitFor({ timeout: WAIT });
    await log.getByText(/my kettle never came/).waitFor({ timeout: WAIT });
    // The key is gone from the address bar (not bookmarked, not shared), and the browser is that visitor now.
    expect(page.url()).toBe(`${server.url}/`);
    expect(await storedVisitorId(page)).toBe(hello.visitorId);
    await ask(frame, 'Great, thank you!');
    const answer = await ada.events.next<{ conversationId: string; text: string }>('message:new', (m) => m.text === 'Great, thank you!');
    expect(answer.conversationId).toBe(conversationId);
  });

  it('refuses a malformed address in the form with a clear message, and sends the transcript asked for with the message left', async () => {
    await ada.emit('agent:status', { status: 'away' });
    try {
      const { context, page } = await visitDemoShop(browser, server.url);
      closers.push(context);
      const frame = await openChat(page);
      await ask(frame, 'this is useless, I want a real person!! the <b>lid</b> is broken');
      const email = frame.getByRole('textbox', { name: 'E-mail' });
      await email.waitFor({ timeout: WAIT });
      await frame.getByText("Leave your e-mail and we'll reply as soon as we can.").waitFor();
      await email.fill('sam at example');
      await frame.getByRole('button', { name: 'Leave e-mail' }).click();
      await frame.getByRole('alert').getByText('Please enter a valid e-mail address').waitFor({ timeout: WAIT });
      expect(await email.getAttribute('aria-invalid')).toBe('true');

      await email.fill('sam@example.com');
      await frame.getByRole('checkbox', { name: 'Also e-mail me this conversation' }).check();
      await frame.getByRole('button', { name: 'Leave e-mail' }).click();
      await frame.getByText('Thanks! We will reply to sam@example.com.').waitFor({ timeout: WAIT });
      await frame.getByRole('status').getByText('We will get back to you by e-mail.').waitFor({ timeout: WAIT });
      const mail = await smtp.find((m) => recipients(m).includes('sam@example.com'));
      expect(mail.subject).toBe('Your conversation with us');
      expect(mail.html).toContain('the &lt;b&gt;lid&lt;/b&gt; is broken');
    } finally {
      await ada.emit('agent:status', { status: 'available' });
    }
  });

  it('offers "E-mail me this conversation" after the conversation is resolved', async () => {
    const { context, page } = await visitDemoShop(browser, server.url);
    closers.push(context);
    const frame = await openChat(page);
    await ask(frame, 'this is useless, I want a real person!!');
    const conversationId = await (async () => {
      for (let i = 0; i < 100; i++) {
        const id = await storedVisitorId(page);
        const conv = id ? await server.store.latestConversationForVisitor(id) : null;
        if (conv?.status === 'assigned') return conv.id;
        await new Promise((r) => setTimeout(r, 100));
      }
      throw new Error('not assigned');
    })();
    await ada.emit('message:send', { conversationId, clientId: randomUUID(), text: 'All sorted!' });
    await ada.emit('conversation:resolve', { conversationId });
    await frame.getByRole('button', { name: 'E-mail me this conversation' }).click();
    await frame.getByRole('textbox', { name: 'E-mail' }).fill('lee@example.com');
    await frame.getByRole('button', { name: 'Send the conversation' }).click();
    await frame.getByText('We sent this conversation to lee@example.com.').waitFor({ timeout: WAIT });
    const mail = await smtp.find((m) => recipients(m).includes('lee@example.com'));
    expect(mail.text).toMatch(/Ada:\nAll sorted!/);
  });
});
