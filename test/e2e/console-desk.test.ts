import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ask, askForAPerson, notificationsShown, openChat, recordNotifications, signInToConsole, visitDemoShop } from '../support/browser.ts';
import type { TestServer } from '../support/server.ts';
import { LEO, MIA, consoleFixture } from '../support/console-fixture.ts';

// Issue 9 in real Chromium: a team at the desk. One agent works two visitors at once; a conversation
// moves from one agent to another with a note. Driven by accessible names, as an agent would.

const WAIT = 10_000;

const fixture = consoleFixture([MIA, LEO]);
let server: TestServer;
let browser: Browser;
beforeAll(() => void ({ server, browser } = fixture));
/** Closed after the file's tests: every browser context a test opened. */
const contexts: BrowserContext[] = [];

async function visitorWithAPerson(agentName: string) {
  const { context, page } = await visitDemoShop(browser, server.url);
  contexts.push(context);
  const chat = await openChat(page);
  await askForAPerson(chat);
  await chat.getByRole('log').getByText(`${agentName} joined the conversation`).waitFor({ timeout: WAIT });
  return chat;
}

const titleIs = (page: Page, title: string) => page.waitForFunction((t) => document.title === t, title, { timeout: WAIT });

describe('the desk, with a team', () => {
  it('lets one agent handle two visitors at once, each reply reaching only its own visitor', async () => {
    const agent = await signInToConsole(browser, server.url, MIA);
    contexts.push(agent.context());
    const chatA = await visitorWithAPerson('Mia Chen');
    const chatB = await visitorWithAPerson('Mia Chen');
    await ask(chatA, 'Order 1001 is missing a sock');
    await ask(chatB, 'Order 2002 arrived broken');

    const list = agent.getByRole('navigation', { name: 'Conversations' });
    await list.getByRole('button', { name: /^Mine 2/ }).click();
    const mine = list.getByRole('region', { name: 'Mine' });
    const rowA = mine.getByRole('button', { name: /Order 1001 is missing a sock/ });
    const rowB = mine.getByRole('button', { name: /Order 2002 arrived broken/ });
    await rowA.waitFor({ timeout: WAIT });
    await rowB.waitFor({ timeout: WAIT });
    // Each row names its visitor by a stable label of their own, not "Visitor" for both.
    const labelA = /Visitor [0-9A-F]{4}/.exec(await rowA.innerText())?.[0];
    const labelB = /Visitor [0-9A-F]{4}/.exec(await rowB.innerText())?.[0];
    expect(labelA).toBeTruthy();
    expect(labelB).toBeTruthy();
    expect(labelA).not.toBe(labelB);
    // Both wrote last and wait for an answer: the tab title counts them; the header shows the load.
    await titleIs(agent, '(2) Parley — agent console');
    await agent.getByText('2/5 chats').waitFor();

    const pane = agent.getByRole('region', { name: 'Conversation', exact: true });
    const transcript = pane.getByRole('log', { name: 'Transcript' });
    await rowA.click();
    await pane.getByRole('heading', { name: labelA! }).waitFor();
    await transcript.getByText('Order 1001 is missing a sock').waitFor({ timeout: WAIT });
    await pane.getByRole('textbox', { name: 'Reply' }).fill('A new sock is on its way.');
    await pane.getByRole('button', { name: 'Send' }).click();
    await chatA.getByRole('log').getByText('A new sock is on its way.').waitFor({ timeout: WAIT });
    await titleIs(agent, '(1) Parley — agent console');

    await rowB.click();
    await pane.getByRole('heading', { name: labelB! }).waitFor();
    await transcript.getByText('Order 2002 arrived broken').waitFor({ timeout: WAIT });
    expect(await transcript.getByText('Order 1001 is missing a sock').count()).toBe(0);
    await pane.getByRole('textbox', { name: 'Reply' }).fill('Sorry about the breakage: a replacement ships today.');
    await pane.getByRole('button', { name: 'Send' }).click();
    await chatB.getByRole('log').getByText('Sorry about the breakage: a replacement ships today.').waitFor({ timeout: WAIT });
    await titleIs(agent, 'Parley — agent console');

    // Visitor A writes again while B is on screen: A's row shows the new words, and the title counts one.
    await ask(chatA, 'Thanks! Which courier?');
    await mine.getByRole('button', { name: /Which courier\?/ }).waitFor({ timeout: WAIT });
    await titleIs(agent, '(1) Parley — agent console');

    expect(await chatA.getByRole('log').getByText('Sorry about the breakage').count()).toBe(0);
    expect(await chatB.getByRole('log').getByText('A new sock is on its way.').count()).toBe(0);
    await agent.context().close();
  }, 60_000);

  it('transfers a conversation with a note: the colleague is alerted and answers, the first agent can no longer', async () => {
    const mia = await signInToConsole(browser, server.url, MIA);
    const leo = await signInToConsole(browser, server.url, LEO, { prepare: (context) => recordNotifications(context, server.url) });
    contexts.push(mia.context(), leo.context());

    // Away is kept by the server: it survives a reload, and an away agent gets no new chats.
    await leo.getByRole('combobox', { name: 'Status' }).selectOption('away');
    await leo.reload();
    await leo.getByRole('status').getByText('Online').waitFor({ timeout: WAIT });
    await leo.waitForFunction(() => (document.querySelector('.status-switch select') as HTMLSelectElement | null)?.value === 'away', null, { timeout: WAIT });
    const chat = await visitorWithAPerson('Mia Chen');
    await ask(chat, 'I want a refund for order 1001');

    const miaList = mia.getByRole('navigation', { name: 'Conversations' });
    await miaList.getByRole('button', { name: /^Mine/ }).click();
    await miaList.getByRole('region', { name: 'Mine' }).getByRole('button', { name: /refund for order 1001/ }).click();
    const pane = mia.getByRole('region', { name: 'Conversation', exact: true });
    await pane.getByRole('log', { name: 'Transcript' }).getByText('I want a refund for order 1001').waitFor({ timeout: WAIT });

    // Nobody to hand it to while Leo is away; the list fills in live when he is back.
    await pane.getByRole('button', { name: 'Transfer' }).click();
    const dialog = mia.getByRole('dialog', { name: /^Transfer Visitor/ });
    await dialog.getByText('Nobody else is available right now.').waitFor();
    await leo.getByRole('combobox', { name: 'Status' }).selectOption('available');
    await dialog.getByRole('radio', { name: /Leo Park/ }).check({ timeout: WAIT });
    await dialog.getByRole('textbox', { name: /Note for them/ }).fill('Wants a refund for 1001; I promised a call back today.');
    await dialog.getByRole('button', { name: 'Transfer' }).click();
    await dialog.waitFor({ state: 'detached', timeout: WAIT });

    // Leo is told: a desktop notification (permission granted) naming who sent it, with the note.
    await leo.waitForFunction(() => (window as unknown as { __notifications: { title: string }[] }).__notifications.some((n) => n.title.includes('Mia Chen transferred')), null, { timeout: WAIT });
    const shown = (await notificationsShown(leo)).find((n) => n.title.includes('Mia Chen transferred'))!;
    expect(shown.body).toBe('Wants a refund for 1001; I promised a call back today.');

    const leoList = leo.getByRole('navigation', { name: 'Conversations' });
    await leoList.getByRole('button', { name: /^Mine 1/ }).click({ timeout: WAIT });
    await leoList.getByRole('region', { name: 'Mine' }).getByRole('button', { name: /refund for order 1001/ }).click();
    const leoPane = leo.getByRole('region', { name: 'Conversation', exact: true });
    const note = leoPane.locator('.private-note').filter({ hasText: 'Wants a refund for 1001' });
    await note.waitFor({ timeout: WAIT });
    expect(await note.innerText()).toContain('Note — only agents see this');
    await leoPane.getByRole('textbox', { name: 'Reply' }).fill('Leo here: I am calling you back within the hour.');
    await leoPane.getByRole('button', { name: 'Send' }).click();
    const visitorLog = chat.getByRole('log');
    await visitorLog.getByText('Leo here: I am calling you back within the hour.').waitFor({ timeout: WAIT });
    await visitorLog.getByText('Leo Park joined the conversation').waitFor();
    expect(await visitorLog.getByText('Wants a refund for 1001').count()).toBe(0);

    // Mia sees who has it now and can no longer write to the visitor.
    await pane.getByText('With Leo Park').waitFor({ timeout: WAIT });
    expect(await pane.getByRole('button', { name: 'Send' }).isDisabled()).toBe(true);
    expect(await pane.getByRole('textbox', { name: 'Reply' }).isDisabled()).toBe(true);
    expect(await pane.getByRole('button', { name: 'Transfer' }).count()).toBe(0);
    await miaList.getByRole('region', { name: 'Mine' }).getByRole('button', { name: /refund for order 1001/ }).waitFor({ state: 'detached', timeout: WAIT });
  }, 60_000);
});

describe('finding conversations', () => {
  it('lists the bot\'s conversations when asked, takes one over, and finds conversations by what was written', async () => {
    const agent = await signInToConsole(browser, server.url, MIA);
    contexts.push(agent.context());
    const { context, page } = await visitDemoShop(browser, server.url);
    contexts.push(context);
    const chat = await openChat(page);
    await ask(chat, 'do you ship gift cards to Norway?');
    // The bot has answered (after its welcome line): the question is stored.
    await chat.locator('.msg-bot').nth(1).waitFor({ timeout: WAIT });

    // With the bot: not pushed live, fetched when shown.
    const list = agent.getByRole('navigation', { name: 'Conversations' });
    await list.getByRole('button', { name: 'With the bot' }).click();
    const bot = list.getByRole('region', { name: 'With the bot' });
    await bot.getByRole('button', { name: /gift cards to Norway/ }).click({ timeout: WAIT });
    const pane = agent.getByRole('region', { name: 'Conversation', exact: true });
    await pane.getByText('With the bot').waitFor();
    await pane.getByRole('button', { name: 'Take over' }).click();
    await pane.getByText('Assigned to you').waitFor({ timeout: WAIT });
    await chat.getByRole('log').getByText('Mia Chen joined the conversation').waitFor({ timeout: WAIT });
    // No longer the bot's: it left that list and is among mine.
    await bot.getByRole('button', { name: /gift cards to Norway/ }).waitFor({ state: 'detached', timeout: WAIT });
    await list.getByRole('button', { name: /^Mine/ }).click();
    await list.getByRole('region', { name: 'Mine' }).getByRole('button', { name: /gift cards to Norway/ }).waitFor();

    // Search over message text, the match shown in the row; a too-short query is explained.
    const search = list.getByRole('searchbox', { name: 'Search messages' });
    await search.fill('n');
    await list.getByText('Type at least two characters.').waitFor();
    await search.fill('norway');
    const results = list.getByRole('region', { name: 'Search results' });
    const hit = results.getByRole('button', { name: /gift cards to Norway/ });
    await hit.waitFor({ timeout: WAIT });
    expect(await hit.locator('mark').allInnerTexts()).toEqual(['Norway']);
    await pane.getByRole('button', { name: 'Resolve' }).click();
    await pane.getByRole('button', { name: 'Follow up' }).waitFor({ timeout: WAIT });
    // Resolved conversations are found too, and a result opens its transcript.
    await search.fill('gift card');
    await results.getByRole('button', { name: /gift cards to Norway/ }).click({ timeout: WAIT });
    await pane.getByRole('log', { name: 'Transcript' }).getByText('do you ship gift cards to Norway?').waitFor({ timeout: WAIT });
    await search.fill('zebra crossing');
    await results.getByText('No message contains “zebra crossing”.').waitFor({ timeout: WAIT });
    await search.fill('');
    await list.getByRole('button', { name: /^Mine/ }).waitFor();
  }, 60_000);
});

afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => undefined);
});
