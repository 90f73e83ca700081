import { randomUUID } from 'node:crypto';
import type { Browser, FrameLocator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Alert } from '../../protocol/index.ts';
import { newHandoff, signIn, type SignedIn } from '../server/desk-peers.ts';
import { ask, axeViolations, chatFrame, launchChromium, openChat, visitDemoShop } from '../support/browser.ts';
import { eventually } from '../support/eventually.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

// Issue 9, the visitor's side, in real Chromium against the real server: long conversations open at the
// newest message and page backwards; the agent sees the visitor type and who they are; the widget tells one
// consistent story when nobody can answer (closed, or the queue timed out).

const WAIT = 15_000;

let browser: Browser;
const servers: TestServer[] = [];
const closers: Array<{ close(): unknown }> = [];

beforeAll(async () => {
  browser = await launchChromium();
});

afterAll(async () => {
  for (const c of closers.splice(0)) await c.close();
  await browser?.close();
  for (const s of servers) await s.close();
});

async function start(env: Record<string, string> = {}): Promise<TestServer> {
  const server = await startTestServer({ env });
  servers.push(server);
  return server;
}

async function visitor(server: TestServer, locale: 'en' | 'zh' = 'en') {
  const v = await visitDemoShop(browser, server.url, locale);
  closers.push(v.context);
  return v;
}

/** The visitor id the widget's stored token carries (`v1.<visitorId>.<mac>`). */
async function visitorIdOf(page: Page): Promise<string> {
  const token = await chatFrame(page).evaluate(() => localStorage.getItem('parley:token'));
  if (!token) throw new Error('the widget has no visitor token');
  return token.split('.')[1]!;
}

/** A message written straight into the store, as if it had been said while the widget was away. */
const message = (conversationId: string, author: 'bot' | 'agent', text: string) =>
  ({ conversationId, author, senderId: null, authorName: author === 'agent' ? 'Ada' : null, text, clientId: null }) as const;

/** Parley(...) on the shop's page, as the merchant's own script would call it. */
const parley = (page: Page, ...args: unknown[]) => page.evaluate((a) => (window as unknown as { Parley: (...a: unknown[]) => void }).Parley(...a), args);

/** Asks for a person the way a visitor does, accepting the bot's offer if it makes one. */
async function askForPerson(frame: FrameLocator): Promise<void> {
  await ask(frame, 'this is useless, I want a real person!!');
  const log = frame.getByRole('log');
  const yes = log.getByRole('button', { name: 'Yes, connect me' });
  const handedOff = log.getByText(/connecting you|nobody from our team/i).first();
  await Promise.race([yes.waitFor({ timeout: WAIT }), handedOff.waitFor({ timeout: WAIT })]);
  if (await yes.isVisible()) await yes.click();
}


/** Whether the element is inside the visible part of the chat's scrolling area. */
const inView = (frame: FrameLocator, text: string) =>
  frame.getByText(text, { exact: true }).evaluate((el) => {
    const box = el.closest('.scroll')!.getBoundingClientRect();
    const r = el.getBoundingClientRect();
    return r.bottom > box.top && r.top < box.bottom;
  });

/** Waits until the message is scrolled into view (the widget scrolls in the frame after it renders). */
const scrolledTo = async (frame: FrameLocator, text: string) => expect(await eventually(() => inView(frame, text), Boolean)).toBe(true);

const topOf = (frame: FrameLocator, text: string) => frame.getByText(text, { exact: true }).evaluate((el) => el.getBoundingClientRect().top);

describe('a long conversation', () => {
  it('opens at the newest message; "Earlier messages" loads the older ones without moving what the visitor reads', async () => {
    const server = await start();
    const { page } = await visitor(server);
    let frame = await openChat(page);
    await ask(frame, 'hello');
    await frame.getByRole('log').getByText('hello', { exact: true }).waitFor();
    const visitorId = await visitorIdOf(page);
    const conv = (await server.store.latestConversationForVisitor(visitorId))!;
    for (let i = 1; i <= 120; i++) {
      await server.store.appendMessage(message(conv.id, 'bot', `Old answer ${i}`));
    }

    await page.reload();
    frame = await openChat(page);
    const log = frame.getByRole('log');
    await log.getByText('Old answer 120', { exact: true }).waitFor({ timeout: WAIT });
    // The newest page only (50 messages), shown from its end; the start waits behind "Earlier messages".
    await scrolledTo(frame, 'Old answer 120');
    expect(await log.getByText('Old answer 70', { exact: true }).count()).toBe(0);
    expect(await log.getByText('Old answer 71', { exact: true }).count()).toBe(1);
    expect(await inView(frame, 'Old answer 71')).toBe(false);

    const earlier = log.getByRole('button', { name: 'Earlier messages' });
    await earlier.scrollIntoViewIfNeeded();
    const before = await topOf(frame, 'Old answer 71');
    await earlier.click();
    await log.getByText('Old answer 21', { exact: true }).waitFor({ timeout: WAIT });
    // What the visitor was reading stays where it was; the older page is above it.
    expect(Math.abs((await eventually(() => topOf(frame, 'Old answer 71'), (top) => Math.abs(top - before) < 2)) - before)).toBeLessThan(2);
    expect(await inView(frame, 'Old answer 71')).toBe(true);
    expect(await inView(frame, 'Old answer 21')).toBe(false);

    await earlier.click();
    await log.getByText('hello', { exact: true }).waitFor({ timeout: WAIT });
    // The very start: the greeting is back at the top, and there is nothing earlier to load.
    await log.getByText(/^Hi! Ask us anything/).waitFor();
    expect(await earlier.count()).toBe(0);
    expect(await log.getByText(/^Old answer \d+$/).count()).toBe(120);
  });

  it('after a long absence, drops what it held and shows the newest page instead of a gap', async () => {
    const server = await start();
    const { context, page } = await visitor(server);
    const frame = await openChat(page);
    await ask(frame, 'hello');
    const log = frame.getByRole('log');
    await log.getByText('hello', { exact: true }).waitFor();
    await frame.locator('.msg-bot').nth(1).waitFor({ timeout: WAIT }); // the bot's answer
    const conv = (await server.store.latestConversationForVisitor(await visitorIdOf(page)))!;

    await context.setOffline(true);
    await frame.getByRole('status').getByText('Reconnecting…').waitFor({ timeout: WAIT });
    for (let i = 1; i <= 80; i++) {
      await server.store.appendMessage(message(conv.id, 'agent', `While away ${i}`));
    }
    await context.setOffline(false);

    await log.getByText('While away 80', { exact: true }).waitFor({ timeout: WAIT });
    await scrolledTo(frame, 'While away 80');
    // Messages 1–30 after the visitor's last one are not loaded, so "hello" must not sit right above 31.
    expect(await log.getByText('hello', { exact: true }).count()).toBe(0);
    expect(await log.getByText('While away 30', { exact: true }).count()).toBe(0);
    await log.getByRole('button', { name: 'Earlier messages' }).click();
    await log.getByText('While away 30', { exact: true }).waitFor({ timeout: WAIT });
    await log.getByText('hello', { exact: true }).waitFor({ timeout: WAIT });
  });
});

describe('what the agent learns from the widget', () => {
  let server: TestServer;
  let ada: SignedIn;

  beforeAll(async () => {
    server = await start();
    ada = await signIn(server, 'Ada');
    closers.push(ada);
  });

  it('shows the agent that the visitor is typing, and that they stopped', async () => {
    const { page } = await visitor(server);
    const frame = await openChat(page);
    await askForPerson(frame);
    const alert = await ada.events.next<Alert>('alert', (a) => a.kind === 'assigned', WAIT);
    await frame.getByRole('status').getByText('Ada joined the chat').waitFor({ timeout: WAIT });
    const id = alert.conversation.id;

    const box = frame.getByRole('textbox', { name: 'Message' });
    await box.click();
    await box.pressSequentially('where is my parcel', { delay: 20 });
    await ada.events.next<{ conversationId: string; typing: boolean }>('typing', (t) => t.conversationId === id && t.typing, WAIT);
    // Many keys, few events: at most one "typing" every two seconds.
    const typingEvents = ada.events.all<{ conversationId: string; typing: boolean }>('typing').filter((t) => t.conversationId === id && t.typing);
    expect(typingEvents.length).toBeLessThan('where is my parcel'.length);

    await box.press('Enter');
    await ada.events.next<{ conversationId: string; typing: boolean }>('typing', (t) => t.conversationId === id && !t.typing, WAIT);
    await ada.events.next<{ conversationId: string; text: string }>('message:new', (m) => m.conversationId === id && m.text === 'where is my parcel', WAIT);
  });

  it("passes Parley('identify', …) from the shop's page to the agent, and again when it changes", async () => {
    const { page } = await visitor(server);
    await parley(page, 'identify', { name: 'Kim Lee', email: 'kim@example.com' });
    const frame = await openChat(page);
    await ask(frame, 'hello');
    await frame.getByRole('log').getByText('hello', { exact: true }).waitFor();
    const visitorId = await visitorIdOf(page);
    const known = await eventually(() => server.store.getVisitor(visitorId), (v) => v?.name === 'Kim Lee');
    expect(known).toMatchObject({ name: 'Kim Lee', email: 'kim@example.com' });

    // The shop learns more after the chat opened (e.g. the visitor signed in): the agent sees that too.
    // An address the server would refuse is left out rather than losing the name with it.
    await parley(page, 'identify', { name: 'Kim Lee-Park', email: 'not an address' });
    const changed = await eventually(() => server.store.getVisitor(visitorId), (v) => v?.name === 'Kim Lee-Park');
    expect(changed).toMatchObject({ name: 'Kim Lee-Park', email: 'kim@example.com' });

    // The agent's summary of a handed-off conversation names the visitor.
    await askForPerson(frame);
    const alert = await ada.events.next<Alert>('alert', (a) => a.kind === 'assigned' && a.conversation.visitor.id === visitorId, WAIT);
    expect(alert.conversation.visitor).toMatchObject({ name: 'Kim Lee-Park', email: 'kim@example.com' });
  });
});

describe('when nobody can answer', () => {
  it('outside business hours: says so, and a handoff shows the form at once with one message from the bot', async () => {
    const server = await start({ PARLEY_BUSINESS_HOURS: 'mon-sun 00:00-00:01', PARLEY_TIMEZONE: 'UTC' });
    const agent = await signIn(server, 'Ada'); // online, but the shop is closed
    closers.push(agent);
    const { page } = await visitor(server);
    await parley(page, 'identify', { name: 'Kim', email: 'kim@example.com' });
    const frame = await openChat(page);
    const header = frame.locator('header');
    await header.getByText(/^We're closed until \S+ \d{1,2}:\d{2}/).waitFor({ timeout: WAIT });

    await askForPerson(frame);
    const log = frame.getByRole('log');
    await log.getByText(/Nobody from our team can answer right now/).waitFor({ timeout: WAIT });
    const email = frame.getByRole('textbox', { name: 'E-mail' });
    await email.waitFor({ timeout: WAIT });
    expect(await email.inputValue()).toBe('kim@example.com'); // from Parley('identify', …)

    // One story: the closed header, the bot's one message, the form — no place in a queue, no "connecting".
    const chat = frame.locator('main');
    expect(await chat.getByText(/Nobody from our team/).count()).toBe(1);
    expect(await chat.innerText()).not.toMatch(/number \d+ in the queue|connecting you|waiting for the next/i);
    expect(await axeViolations(chatFrame(page))).toEqual([]);

    await frame.getByRole('button', { name: 'Leave e-mail' }).click();
    // Mail is off here (no PARLEY_SMTP_URL): the widget promises the chat, not an e-mail.
    await frame.getByText('Thanks! Our answer will be waiting here in the chat when you come back.').waitFor({ timeout: WAIT });
    await frame.getByRole('status').getByText('Our answer will be waiting here in the chat when you come back.').waitFor({ timeout: WAIT });
    const conv = await server.store.latestConversationForVisitor(await visitorIdOf(page));
    expect(conv?.status).toBe('offline');
  });

  it('says the same in Chinese', async () => {
    const server = await start({ PARLEY_BUSINESS_HOURS: 'mon-sun 00:00-00:01', PARLEY_TIMEZONE: 'UTC' });
    const { page } = await visitor(server, 'zh');
    const frame = await openChat(page, 'zh');
    await frame.locator('header').getByText(/^客服已下班，周.\s?\d{2}:\d{2} 恢复服务$/).waitFor({ timeout: WAIT });
  });

  it('with agents online but all busy: the place in the queue, then the form after the queue timeout; still queued until an e-mail is left', async () => {
    const server = await start({ PARLEY_QUEUE_TIMEOUT_S: '1', PARLEY_MAX_CHATS: '1' });
    const ada = await signIn(server, 'Ada');
    closers.push(ada);
    const busy = await newHandoff(server); // Ada's one chat
    closers.push(busy.visitor);
    expect(busy.view.status).toBe('assigned');

    const { page } = await visitor(server);
    const frame = await openChat(page);
    await frame.locator('header').getByText('We usually reply in a few minutes').waitFor({ timeout: WAIT });
    await askForPerson(frame);
    const status = frame.getByRole('status');
    await status.getByText(/^You are number 1 in the queue/).waitFor({ timeout: WAIT });
    await frame.getByRole('textbox', { name: 'E-mail' }).waitFor({ timeout: WAIT });
    // Still in the queue, told so, with an apology instead of a promise.
    await status.getByText('You are number 1 in the queue · Sorry for the wait — you can leave your e-mail below').waitFor({ timeout: WAIT });
    const visitorId = await visitorIdOf(page);
    expect(await server.store.latestConversationForVisitor(visitorId)).toMatchObject({ status: 'queued' });

    await frame.getByRole('textbox', { name: 'E-mail' }).fill('sam@example.com');
    await frame.getByRole('button', { name: 'Leave e-mail' }).click();
    await status.getByText('Our answer will be waiting here in the chat when you come back.').waitFor({ timeout: WAIT });
    expect(await server.store.latestConversationForVisitor(visitorId)).toMatchObject({ status: 'offline' });
    expect(await server.store.getVisitor(visitorId)).toMatchObject({ email: 'sam@example.com' });
  });

  it('tells a queued visitor the estimated wait (the median first reply of the day)', async () => {
    const server = await start({ PARLEY_MAX_CHATS: '1' });
    const ada = await signIn(server, 'Ada');
    closers.push(ada);
    const busy = await newHandoff(server);
    closers.push(busy.visitor);
    // Ada answers her chat: a first reply of well under a minute, shown as "about 1 min".
    const sent = await ada.emit('message:send', { conversationId: busy.conversationId, clientId: randomUUID(), text: 'Hi, Ada here.' });
    expect(sent.ok).toBe(true);

    const { page } = await visitor(server);
    const frame = await openChat(page);
    await askForPerson(frame);
    await frame.getByRole('status').getByText('You are number 1 in the queue · about 1 min').waitFor({ timeout: WAIT });
    expect(await frame.getByRole('textbox', { name: 'E-mail' }).count()).toBe(0);
  });
});
