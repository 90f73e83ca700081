import { randomUUID } from 'node:crypto';
import type { Browser, Frame, FrameLocator, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { allA11yViolations, ask, askForAPerson, chatFrame, openChat, signInToConsole, visitDemoShop, type AxeViolation } from '../support/browser.ts';
import { png } from '../support/files.ts';
import { MIA, consoleFixture } from '../support/console-fixture.ts';
import type { TestServer } from '../support/server.ts';
import { ASK_FOR_PERSON } from '../server/desk-peers.ts';
import { MAX_MESSAGE_CHARS } from '../../protocol/limits.ts';
import { OUTBOX_KEY } from '../../widget/app/outbox.ts';

// Issue 12: axe-core finds nothing — no violation of any impact, best practices and 24×24 px targets
// included — in every state of the widget and the console, in light and in dark. One visitor and one agent
// walk through the states together; at each, every document on screen is checked in both colour schemes.

const WAIT = 15_000;
const fixture = consoleFixture([MIA]);
let server: TestServer;
let browser: Browser;
beforeAll(() => void ({ server, browser } = fixture));

type Findings = Record<string, AxeViolation[]>;

/** axe-core on each document, in light and then in dark; what it finds, by "state / scheme / document". */
async function check(findings: Findings, state: string, docs: Record<string, { page: Page; frame: () => Frame }>): Promise<void> {
  for (const scheme of ['light', 'dark'] as const) {
    for (const [name, doc] of Object.entries(docs)) {
      await doc.page.emulateMedia({ colorScheme: scheme });
      // Colours are judged once what is fading or sliding in has arrived (a loaded machine catches it half-way).
      await doc.frame().evaluate(() =>
        Promise.all(
          document
            .getAnimations()
            .filter((a) => a.effect?.getComputedTiming().endTime !== Infinity)
            .map((a) => a.finished.catch(() => undefined)),
        ),
      );
      const found = await allA11yViolations(doc.frame());
      if (found.length) findings[`${state} / ${scheme} / ${name}`] = found;
    }
  }
  for (const doc of Object.values(docs)) await doc.page.emulateMedia({ colorScheme: 'light' });
}

/** A page itself, or the chat frame on it, as a document to check. */
const pageDoc = (page: Page) => ({ page, frame: () => page.mainFrame() });
const chatDoc = (page: Page) => ({ page, frame: () => chatFrame(page) });

describe('accessibility (axe-core) in every state', () => {
  it('the widget and the console, light and dark, from sign-in to the rating', async () => {
    const findings: Findings = {};

    // The console before and after signing in; away, so a handoff waits in the queue.
    const signInPage = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
    await signInPage.goto(`${server.url}/agent`);
    await signInPage.getByRole('button', { name: 'Sign in' }).waitFor();
    await check(findings, 'console: sign-in', { console: pageDoc(signInPage) });
    await signInPage.getByRole('textbox', { name: 'Email' }).fill(MIA.email);
    await signInPage.getByLabel('Password').fill('not the password');
    await signInPage.getByRole('button', { name: 'Sign in' }).click();
    await signInPage.getByRole('alert').getByText('Wrong email or password.').waitFor({ timeout: WAIT });
    await check(findings, 'console: sign-in, wrong password', { console: pageDoc(signInPage) });
    await signInPage.context().close();
    const agent = await signInToConsole(browser, server.url, MIA);
    await agent.getByRole('combobox', { name: 'Status' }).selectOption('away');
    await check(findings, 'console: empty queue, away', { console: pageDoc(agent) });

    // The visitor: the launcher alone, then the open chat.
    const { context: visitorContext, page: shop } = await visitDemoShop(browser, server.url);
    await shop.getByRole('button', { name: 'Open chat' }).waitFor();
    await check(findings, 'widget: closed launcher', { shop: pageDoc(shop) });
    const chat: FrameLocator = await openChat(shop);
    await check(findings, 'widget: open, empty', { shop: pageDoc(shop), chat: chatDoc(shop) });

    // Not understood: the bot says so and offers a person as a quick reply.
    await ask(chat, 'purple elephant submarine tuesday');
    const log = chat.getByRole('log');
    const person = log.getByRole('button', { name: 'Talk to a person' });
    await person.waitFor({ timeout: WAIT });
    await check(findings, 'widget: bot answer with quick replies', { chat: chatDoc(shop) });

    // Nobody available: the leave-a-message form; the agent sees the visitor waiting.
    await person.click();
    const email = chat.getByRole('textbox', { name: 'E-mail' });
    await email.waitFor({ timeout: WAIT });
    await check(findings, 'widget: leave-a-message form', { chat: chatDoc(shop) });
    await email.fill('not an address');
    await chat.getByRole('button', { name: 'Leave e-mail' }).click();
    await chat.getByRole('alert').getByText('Please enter a valid e-mail address').waitFor({ timeout: WAIT });
    await check(findings, 'widget: leave-a-message form, refused address', { chat: chatDoc(shop) });
    await email.fill('kim@example.com');
    await chat.getByRole('button', { name: 'Leave e-mail' }).click();
    await chat.getByText('Thanks! Our answer will be waiting here in the chat when you come back.').waitFor({ timeout: WAIT });
    await check(findings, 'widget: message left', { chat: chatDoc(shop) });

    const list = agent.getByRole('navigation', { name: 'Conversations' });
    await list.getByRole('button', { name: /^Left a message 1/ }).click({ timeout: WAIT });
    const row = list.getByRole('region', { name: 'Left a message' }).getByRole('listitem').first();
    await row.waitFor({ timeout: WAIT });
    await check(findings, 'console: the list, a message left', { console: pageDoc(agent) });

    // The agent takes over: the conversation, the visitor's details beside it, the agent typing.
    await agent.getByRole('combobox', { name: 'Status' }).selectOption('available');
    await row.getByRole('button').first().click();
    await agent.getByRole('region', { name: 'Conversation', exact: true }).getByRole('button', { name: 'Take over' }).click();
    const pane = agent.getByRole('region', { name: 'Conversation', exact: true });
    await pane.getByText('Assigned to you').waitFor({ timeout: WAIT });
    await agent.getByRole('complementary', { name: 'Visitor details' }).getByRole('region', { name: 'Handoff' }).waitFor({ timeout: WAIT });
    await pane.getByRole('textbox', { name: 'Reply' }).pressSequentially('Hello Kim, I am ');
    await log.getByText(`${MIA.name} is typing…`).waitFor({ timeout: WAIT });
    await check(findings, 'widget: agent joined and typing', { chat: chatDoc(shop) });
    await check(findings, 'console: open conversation with the visitor panel', { console: pageDoc(agent) });
    await pane.getByRole('textbox', { name: 'Reply' }).pressSequentially('here to help.');
    await pane.getByRole('button', { name: 'Send' }).click();
    await log.getByText('Hello Kim, I am here to help.').waitFor({ timeout: WAIT });
    await check(findings, 'widget: agent message', { chat: chatDoc(shop) });

    // The console's dialogs and popover.
    await agent.getByRole('button', { name: 'Saved replies' }).click();
    const dialog = agent.getByRole('dialog');
    await dialog.waitFor();
    await check(findings, 'console: saved replies dialog, empty', { console: pageDoc(agent) });
    await dialog.getByRole('button', { name: 'New saved reply' }).click();
    await dialog.getByRole('textbox', { name: 'Shortcut' }).fill('thanks');
    await check(findings, 'console: saved replies dialog, new reply form', { console: pageDoc(agent) });
    await dialog.getByRole('textbox', { name: 'Text' }).fill('Thank you, {visitor.name}!');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.getByRole('button', { name: 'Delete /thanks' }).click();
    await dialog.getByRole('button', { name: 'Yes, delete /thanks' }).waitFor();
    await check(findings, 'console: saved replies dialog, confirming a delete', { console: pageDoc(agent) });
    await dialog.getByRole('button', { name: 'Keep' }).click();
    await agent.keyboard.press('Escape');
    await agent.getByRole('dialog').waitFor({ state: 'detached' });
    await pane.getByRole('button', { name: 'Transfer' }).click();
    await agent.getByRole('dialog').waitFor();
    await check(findings, 'console: transfer dialog', { console: pageDoc(agent) });
    await agent.keyboard.press('Escape');
    await agent.getByRole('dialog').waitFor({ state: 'detached' });
    await agent.getByRole('button', { name: 'Alerts', exact: true }).click();
    await agent.getByRole('group', { name: 'Alert settings' }).waitFor();
    await check(findings, 'console: alert settings', { console: pageDoc(agent) });
    await agent.keyboard.press('Escape');

    // A saved reply suggested after "/", then a private note in the transcript.
    const reply = pane.getByRole('textbox', { name: 'Reply' });
    await reply.fill('/tha');
    await agent.getByRole('listbox').waitFor({ timeout: WAIT });
    await check(findings, 'console: saved reply suggestions', { console: pageDoc(agent) });
    await reply.fill('');
    await pane.getByRole('button', { name: 'Note', exact: true }).click();
    await pane.getByRole('textbox', { name: 'Private note' }).fill('Kim prefers e-mail.');
    await pane.getByRole('textbox', { name: 'Private note' }).press('Enter');
    await pane.getByRole('log', { name: 'Transcript' }).getByText('Kim prefers e-mail.').waitFor({ timeout: WAIT });
    await check(findings, 'console: a private note, writing notes', { console: pageDoc(agent) });
    await pane.getByRole('button', { name: 'Reply', exact: true }).click();

    // Too long to send: the counter says by how much.
    const composer = chat.getByRole('textbox', { name: 'Message' });
    await composer.fill('x'.repeat(MAX_MESSAGE_CHARS + 5));
    await chat.getByText('Over the limit by 5').waitFor({ timeout: WAIT });
    await check(findings, 'widget: message too long', { chat: chatDoc(shop) });
    await composer.fill('');

    // The connection drops: the widget says so and keeps the visitor's message waiting.
    await visitorContext.setOffline(true);
    await chat.getByRole('status').getByText('Reconnecting…').waitFor({ timeout: WAIT });
    await ask(chat, 'are you still there?');
    await log.getByText('Sending…').waitFor({ timeout: WAIT });
    await check(findings, 'widget: reconnecting, a message waiting', { chat: chatDoc(shop) });
    await visitorContext.setOffline(false);
    await log.getByText('Sending…').waitFor({ state: 'detached', timeout: WAIT });

    // Resolved: the rating form, then its thanks.
    await pane.getByRole('button', { name: 'Resolve' }).click();
    const stars = chat.getByRole('group', { name: 'How did we do?' });
    await stars.waitFor({ timeout: WAIT });
    await check(findings, 'widget: rating form', { chat: chatDoc(shop) });
    await stars.getByRole('button', { name: '4 stars' }).click();
    await check(findings, 'widget: rating form, 4 stars chosen', { chat: chatDoc(shop) });
    await chat.getByRole('button', { name: 'Submit rating' }).click();
    await chat.getByText('Thank you for your feedback!').waitFor({ timeout: WAIT });
    await check(findings, 'widget: rated', { chat: chatDoc(shop) });
    await check(findings, 'console: resolved conversation', { console: pageDoc(agent) });

    expect(findings).toEqual({});
    await visitorContext.close();
    await agent.context().close();
  }, 180_000);

  it('what came with pictures, unread replies, reports, admin screens and mail, light and dark', async () => {
    const findings: Findings = {};
    const agent = await signInToConsole(browser, server.url, MIA);
    const { context: visitorContext, page: shop } = await visitDemoShop(browser, server.url);
    const chat = await openChat(shop);
    await askForAPerson(chat);
    const log = chat.getByRole('log');
    await log.getByText('Mia Chen joined the conversation').waitFor({ timeout: WAIT });

    // Pictures both ways: the agent's comes back to the widget as a thumbnail with its time.
    const list = agent.getByRole('navigation', { name: 'Conversations' });
    await list.getByRole('button', { name: /Talk to a person|person/ }).first().click({ timeout: WAIT });
    const pane = agent.getByRole('region', { name: 'Conversation', exact: true });
    await agent.locator('input[type=file]').setInputFiles({ name: 'return-label.png', mimeType: 'image/png', buffer: await png(300, 200) });
    await pane.getByRole('log', { name: 'Transcript' }).getByRole('img', { name: 'Picture: return-label.png' }).waitFor({ timeout: WAIT });
    await log.getByRole('button', { name: 'Open picture return-label.png' }).waitFor({ timeout: WAIT });
    await check(findings, 'widget: a picture from the agent', { chat: chatDoc(shop) });
    await check(findings, 'console: a picture sent', { console: pageDoc(agent) });
    await log.getByRole('button', { name: 'Open picture return-label.png' }).click();
    await chat.getByRole('dialog', { name: 'return-label.png' }).waitFor({ timeout: WAIT });
    await check(findings, 'widget: a picture opened over the chat', { chat: chatDoc(shop) });
    await chat.getByRole('dialog', { name: 'return-label.png' }).getByRole('button', { name: 'Close' }).click();

    // Closed, a reply arrives: the launcher's badge on the shop's page; opened, "New messages" above it.
    await shop.getByRole('button', { name: 'Close chat' }).click();
    await pane.getByRole('textbox', { name: 'Reply' }).fill('Print this label and drop the mug at any post office.');
    await pane.getByRole('button', { name: 'Send' }).click();
    await shop.getByRole('button', { name: 'Open chat, 1 unread' }).waitFor({ timeout: WAIT });
    await check(findings, 'shop page: the launcher with an unread reply', { shop: pageDoc(shop) });
    await shop.getByRole('button', { name: 'Open chat, 1 unread' }).click();
    await log.getByText('New messages').waitFor({ timeout: WAIT });
    await check(findings, 'widget: "New messages" above an unread reply', { chat: chatDoc(shop) });
    // Resolved, so the next test's queue holds only its own visitors.
    await pane.getByRole('button', { name: 'Resolve' }).click();
    await chat.getByRole('group', { name: 'How did we do?' }).waitFor({ timeout: WAIT });

    // The console's own screens: mail (off here), the admin dialog's tabs, the reports page.
    await agent.locator('header').getByText('Mail off').waitFor({ timeout: WAIT });
    await agent.getByRole('button', { name: 'Admin' }).click();
    const admin = agent.getByRole('dialog', { name: 'Admin' });
    for (const tab of ['Team', 'Business hours', 'Visitor data']) {
      await admin.getByRole('tab', { name: tab }).click();
      await check(findings, `console: admin, ${tab}`, { console: pageDoc(agent) });
    }
    await agent.keyboard.press('Escape');
    await agent.getByRole('link', { name: 'Reports' }).click();
    await agent.getByRole('heading', { name: 'Reports', level: 1 }).waitFor({ timeout: WAIT });
    await agent.getByRole('table', { name: /by weekday and hour/ }).waitFor({ timeout: WAIT });
    await check(findings, 'console: reports', { console: pageDoc(agent) });

    expect(findings).toEqual({});
    await visitorContext.close();
    await agent.context().close();
  }, 180_000);

  it('the widget in Chinese: earlier messages and a refused message, light and dark', async () => {
    const findings: Findings = {};
    const { context, page } = await visitDemoShop(browser, server.url, 'zh');
    let chat = await openChat(page, 'zh');
    await ask(chat, '你好', 'zh');
    await chat.getByRole('log').getByText('你好', { exact: true }).waitFor({ timeout: WAIT });
    const token = await chatFrame(page).evaluate(() => localStorage.getItem('parley:token'));
    const conversation = (await server.store.latestConversationForVisitor(token!.split('.')[1]!))!;
    for (let i = 1; i <= 60; i++) {
      const m = { conversationId: conversation.id, author: 'bot', senderId: null, authorName: null, text: `旧的回答 ${i}`, clientId: null } as const;
      await server.store.appendMessage(m);
    }
    // And one message the server refused for good, waiting for the visitor's Retry (as the outbox stores it).
    await chatFrame(page).evaluate(
      ([key, entry]) => localStorage.setItem(key, JSON.stringify({ v: 1, entries: [entry] })),
      [OUTBOX_KEY, { clientId: randomUUID(), text: '一条没有发出的消息', reply: null, createdAt: Date.now(), state: 'failed', error: 'rate_limited' }] as const,
    );
    await page.reload();
    chat = await openChat(page, 'zh');
    await chat.getByRole('log').getByRole('button', { name: '更早的消息' }).waitFor({ timeout: WAIT });
    await chat.getByRole('log').getByRole('button', { name: '重试' }).waitFor({ timeout: WAIT });
    await check(findings, 'widget (zh): earlier messages, a refused message with Retry', { shop: pageDoc(page), chat: chatDoc(page) });
    expect(findings).toEqual({});
    await context.close();
  });

  it('the console on a phone, one step at a time, light and dark', async () => {
    const findings: Findings = {};
    const agent = await signInToConsole(browser, server.url, MIA, { viewport: { width: 390, height: 844 }, hasTouch: true });
    const { context: visitorContext, page: shop } = await visitDemoShop(browser, server.url);
    await askForAPerson(await openChat(shop));
    // Another visitor, in danger: the urgent banner across the top until the agent opens that chat.
    const { context: urgentContext, page: urgentShop } = await visitDemoShop(browser, server.url);
    await ask(await openChat(urgentShop), 'my charger caught fire and burned my hand');
    await agent.getByRole('region', { name: 'Urgent' }).getByRole('button', { name: 'Open now' }).waitFor({ timeout: WAIT });

    const list = agent.getByRole('navigation', { name: 'Conversations' });
    await list.getByRole('button', { name: /^Mine \d/ }).click({ timeout: WAIT });
    await check(findings, 'console on a phone: the list, an urgent banner', { console: pageDoc(agent) });
    await list.getByRole('button', { name: /this is useless/ }).tap();
    const pane = agent.getByRole('region', { name: 'Conversation', exact: true });
    await pane.getByRole('log', { name: 'Transcript' }).getByText(ASK_FOR_PERSON).waitFor({ timeout: WAIT });
    await check(findings, 'console on a phone: the conversation', { console: pageDoc(agent) });
    await pane.getByRole('button', { name: 'Visitor details' }).tap();
    await agent.getByRole('complementary', { name: 'Visitor details' }).getByRole('region', { name: 'Handoff' }).waitFor({ timeout: WAIT });
    await check(findings, 'console on a phone: the visitor panel', { console: pageDoc(agent) });
    await agent.context().setOffline(true);
    await agent.getByText('Reconnecting…').waitFor({ timeout: WAIT });
    await check(findings, 'console on a phone: reconnecting', { console: pageDoc(agent) });
    await agent.context().setOffline(false);

    expect(findings).toEqual({});
    await visitorContext.close();
    await urgentContext.close();
    await agent.context().close();
  }, 120_000);
});
