import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ask, askForAPerson, launchChromium, openChat, signInToConsole, visitDemoShop } from '../support/browser.ts';
import { createAgent, startTestServer, type TestServer } from '../support/server.ts';

// Issue 9: saved replies. Made in the console, found with "/", inserted for editing, never sent unedited by
// the key that picked them; a placeholder the console could not fill must be edited before sending.

const WAIT = 10_000;
const MIA = { email: 'mia@shop.test', password: 'correct-horse-42', name: 'Mia Chen' };

describe('saved replies in the console', () => {
  let server: TestServer;
  let browser: Browser;
  beforeAll(async () => {
    server = await startTestServer();
    await createAgent(server, MIA);
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  async function createSavedReply(agent: Page, shortcut: string, text: string) {
    await agent.getByRole('button', { name: 'Saved replies' }).click();
    const dialog = agent.getByRole('dialog', { name: 'Saved replies' });
    await dialog.getByRole('button', { name: 'New saved reply' }).click();
    await dialog.getByRole('textbox', { name: 'Shortcut' }).fill(shortcut);
    await dialog.getByRole('textbox', { name: 'Text' }).fill(text);
    await dialog.getByRole('button', { name: 'Save' }).click();
    return dialog;
  }

  it('is created in the console, inserted with "/shortcut", edited, and the visitor receives the edited text', async () => {
    const agent = await signInToConsole(browser, server.url, MIA);

    // The shortcut rule is checked before saving; a taken shortcut is refused by the server.
    let dialog = await createSavedReply(agent, 'Thank you!', 'x');
    await dialog.getByRole('alert').getByText(/A shortcut is 1–32 lower-case letters/).waitFor();
    await dialog.getByRole('textbox', { name: 'Shortcut' }).fill('thanks');
    await dialog.getByRole('textbox', { name: 'Text' }).fill('Thanks for waiting, {visitor.name}! I am {agent.name} and I will check your order now.');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.getByText('/thanks').waitFor({ timeout: WAIT });
    await dialog.getByRole('button', { name: 'New saved reply' }).click();
    await dialog.getByRole('textbox', { name: 'Shortcut' }).fill('/THANKS');
    await dialog.getByRole('textbox', { name: 'Text' }).fill('Another text');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.getByRole('alert').getByText('/thanks is taken: choose another shortcut.').waitFor({ timeout: WAIT });
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.getByRole('button', { name: 'Close' }).click();
    dialog = await createSavedReply(agent, 'returns', 'You can return anything within 30 days.');
    await dialog.getByText('/returns').waitFor({ timeout: WAIT });
    await dialog.getByRole('button', { name: 'Close' }).click();

    const { context: visitorContext, page: shop } = await visitDemoShop(browser, server.url);
    const chat = await openChat(shop);
    await askForAPerson(chat);
    const visitorLog = chat.getByRole('log');
    await visitorLog.getByText('Mia Chen joined the conversation').waitFor({ timeout: WAIT });
    await ask(chat, 'hello? my order 1001');
    const list = agent.getByRole('navigation', { name: 'Conversations' });
    await list.getByRole('button', { name: /my order 1001/ }).click({ timeout: WAIT });
    const pane = agent.getByRole('region', { name: 'Conversation', exact: true });
    const reply = pane.getByRole('textbox', { name: 'Reply' });
    await pane.getByRole('log', { name: 'Transcript' }).getByText('hello? my order 1001').waitFor({ timeout: WAIT });

    // "/" opens the suggestions, filtered by what follows; Enter inserts the reply — it does not send it.
    await reply.pressSequentially('/');
    const suggestions = pane.getByRole('listbox', { name: 'Saved replies' });
    await suggestions.getByRole('option', { name: /\/returns/ }).waitFor();
    await reply.pressSequentially('tha');
    await suggestions.getByRole('option', { name: /\/thanks/ }).waitFor();
    expect(await suggestions.getByRole('option', { name: /\/returns/ }).count()).toBe(0);
    await reply.press('Enter');
    await suggestions.waitFor({ state: 'detached' });
    // The visitor gave no name: that placeholder stays, and the console says to edit it.
    expect(await reply.inputValue()).toBe('Thanks for waiting, {visitor.name}! I am Mia Chen and I will check your order now.');
    await pane.getByRole('alert').getByText(/Replace \{visitor\.name\} before sending/).waitFor();
    // Enter now would send: with the placeholder in it, the console refuses and keeps the text.
    await reply.press('Enter');
    expect(await reply.inputValue()).toContain('{visitor.name}');

    // Edited, then sent with a separate Enter: the visitor receives exactly the edited text.
    await reply.fill((await reply.inputValue()).replace('{visitor.name}', 'Sam'));
    await reply.press('Enter');
    await visitorLog.getByText('Thanks for waiting, Sam! I am Mia Chen and I will check your order now.').waitFor({ timeout: WAIT });
    expect(await reply.inputValue()).toBe('');
    expect(await visitorLog.getByText(/\{visitor\.name\}/).count()).toBe(0);

    // Arrow keys choose among the matches; a click inserts as well.
    await reply.pressSequentially('/t');
    await suggestions.getByRole('option', { name: /\/thanks/ }).waitFor();
    await reply.press('ArrowDown');
    await suggestions.getByRole('option', { name: /\/returns/, selected: true }).waitFor();
    await suggestions.getByRole('option', { name: /\/returns/ }).click();
    expect(await reply.inputValue()).toBe('You can return anything within 30 days.');
    expect(await visitorLog.getByText('You can return anything within 30 days.').count()).toBe(0);

    await visitorContext.close();
    await agent.context().close();
  }, 60_000);

  it('reaches every console at once when a saved reply is changed or deleted', async () => {
    const first = await signInToConsole(browser, server.url, MIA);
    const second = await signInToConsole(browser, server.url, MIA);
    await second.getByRole('button', { name: 'Saved replies' }).click();
    const seen = second.getByRole('dialog', { name: 'Saved replies' });
    await seen.getByText('/returns').waitFor({ timeout: WAIT });

    await first.getByRole('button', { name: 'Saved replies' }).click();
    const dialog = first.getByRole('dialog', { name: 'Saved replies' });
    await dialog.getByRole('button', { name: 'Edit /returns' }).click();
    await dialog.getByRole('textbox', { name: 'Text' }).fill('Returns are free within 60 days.');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await seen.getByText('Returns are free within 60 days.').waitFor({ timeout: WAIT });

    await dialog.getByRole('button', { name: 'Delete /returns' }).click();
    await dialog.getByRole('button', { name: 'Yes, delete /returns' }).click();
    await seen.getByText('/returns').waitFor({ state: 'detached', timeout: WAIT });
    await first.context().close();
    await second.context().close();
  }, 60_000);
});
