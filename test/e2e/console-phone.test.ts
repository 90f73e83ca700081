import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Locator } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { askForAPerson, openChat, seriousA11yViolations, signInToConsole, visitDemoShop } from '../support/browser.ts';
import type { TestServer } from '../support/server.ts';
import { MIA, consoleFixture } from '../support/console-fixture.ts';

// Issue 9 on a phone (390×844): the list, then the conversation, then the visitor's details, one step at a
// time with back buttons; every touch target at least 24×24 px (axe-core's target-size rule included).

const WAIT = 10_000;

const fixture = consoleFixture([MIA]);
let server: TestServer;
let browser: Browser;
beforeAll(() => void ({ server, browser } = fixture));

const shown = (l: Locator) => l.isVisible();

describe('the console on a phone', () => {
  it('goes list → conversation → details and back, with no serious accessibility findings at any step', async () => {
    const agent = await signInToConsole(browser, server.url, MIA, { viewport: { width: 390, height: 844 }, hasTouch: true });
    // Away: the handoff waits in the queue, so the list shows a "Take over" button to check.
    await agent.getByRole('combobox', { name: 'Status' }).selectOption('away');
    const { context: visitorContext, page: shop } = await visitDemoShop(browser, server.url);
    const chat = await openChat(shop);
    await askForAPerson(chat);

    const list = agent.getByRole('navigation', { name: 'Conversations' });
    const pane = agent.getByRole('region', { name: 'Conversation', exact: true });
    const details = agent.getByRole('complementary', { name: 'Visitor details' });
    await list.getByRole('button', { name: /^Waiting 1/ }).click({ timeout: WAIT });
    const waiting = list.getByRole('region', { name: 'Waiting' });
    await waiting.getByRole('button', { name: 'Take over' }).waitFor({ timeout: WAIT });
    expect(await shown(pane)).toBe(false);
    expect(await seriousA11yViolations(agent)).toEqual([]);
    await agent.screenshot({ path: join(tmpdir(), 'parley-console-phone-list.png') });

    // Take over: the conversation fills the screen, the list steps aside.
    await waiting.getByRole('button', { name: 'Take over' }).click();
    await pane.getByText('Assigned to you').waitFor({ timeout: WAIT });
    await pane.getByRole('log', { name: 'Transcript' }).getByText('this is useless, I want a real person!!').waitFor({ timeout: WAIT });
    expect(await shown(list)).toBe(false);
    expect(await shown(details)).toBe(false);
    await pane.getByRole('textbox', { name: 'Reply' }).fill('Hello from my phone.');
    await pane.getByRole('button', { name: 'Send' }).tap();
    await chat.getByRole('log').getByText('Hello from my phone.').waitFor({ timeout: WAIT });
    expect(await seriousA11yViolations(agent)).toEqual([]);
    await agent.screenshot({ path: join(tmpdir(), 'parley-console-phone-conversation.png') });

    // The visitor's details, then back to the conversation, then back to the list.
    await pane.getByRole('button', { name: 'Visitor details' }).tap();
    await details.getByRole('region', { name: 'Handoff' }).waitFor();
    expect(await shown(pane)).toBe(false);
    expect(await seriousA11yViolations(agent)).toEqual([]);
    await agent.screenshot({ path: join(tmpdir(), 'parley-console-phone-details.png') });
    await details.getByRole('button', { name: '← Conversation' }).tap();
    await pane.getByRole('log', { name: 'Transcript' }).waitFor();
    expect(await shown(details)).toBe(false);
    await pane.getByRole('button', { name: '← Conversations' }).tap();
    await list.waitFor();
    expect(await shown(pane)).toBe(false);

    await visitorContext.close();
    await agent.context().close();
  }, 60_000);
});
