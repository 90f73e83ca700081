import type { Browser, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { ask, askForAPerson, notificationsShown, openChat, recordNotifications, signInToConsole, visitDemoShop } from '../support/browser.ts';
import type { TestServer } from '../support/server.ts';
import { MIA, consoleFixture } from '../support/console-fixture.ts';

// Issue 9, alerts: desktop notifications (permission granted in the browser context) for a new handoff and
// for a visitor writing in one's own chat elsewhere; an urgent handoff's stays until acted on, with a banner
// in the console until opened; each kind can be muted, and the choice is remembered.

const WAIT = 10_000;

const fixture = consoleFixture([MIA]);
let server: TestServer;
let browser: Browser;
beforeAll(() => void ({ server, browser } = fixture));

/** Waits until a notification whose title matches has been shown, and returns it. */
async function notified(page: Page, title: RegExp) {
  await page.waitForFunction(
    (source) => (window as unknown as { __notifications: { title: string }[] }).__notifications.some((n) => new RegExp(source).test(n.title)),
    title.source,
    { timeout: WAIT },
  );
  return (await notificationsShown(page)).filter((n) => title.test(n.title));
}

describe('alerts in the console', () => {
  it('notifies of an assigned handoff, keeps an urgent one on screen until opened, and honours a remembered mute', async () => {
    const agent = await signInToConsole(browser, server.url, MIA, { prepare: (context) => recordNotifications(context, server.url) });
    // Permission was granted, so there is nothing to ask for.
    expect(await agent.getByRole('button', { name: 'Enable desktop alerts' }).count()).toBe(0);

    const first = await visitDemoShop(browser, server.url);
    const chat = await openChat(first.page);
    await askForAPerson(chat);
    // The name sits between U+2068 and U+2069, so bidi controls in it reorder nothing around it.
    const [assigned] = await notified(agent, /^New chat for you: \u2068Visitor [0-9A-F]{4}\u2069$/);
    expect(assigned!.body).toContain('this is useless, I want a real person!!');
    expect(assigned!.requireInteraction).toBe(false);

    // An urgent handoff: its own notification stays until acted on, and a banner stays until it is opened.
    const second = await visitDemoShop(browser, server.url);
    const urgentChat = await openChat(second.page);
    await ask(urgentChat, 'my charger caught fire and burned my hand');
    const [urgent] = await notified(agent, /^Urgent — New chat for you/);
    expect(urgent!.requireInteraction).toBe(true);
    expect(urgent!.body).toContain('my charger caught fire');
    const banners = agent.getByRole('region', { name: 'Urgent' });
    await banners.getByText(/^Urgent — New chat for you/).waitFor({ timeout: WAIT });
    // Opening another conversation leaves the banner up; opening the urgent one takes it down.
    const list = agent.getByRole('navigation', { name: 'Conversations' });
    await list.getByRole('button', { name: /this is useless/ }).click();
    await agent.getByRole('region', { name: 'Conversation', exact: true }).getByRole('log').getByText('this is useless, I want a real person!!').waitFor({ timeout: WAIT });
    expect(await banners.count()).toBe(1);
    await banners.getByRole('button', { name: 'Open now' }).click();
    await agent.getByRole('region', { name: 'Conversation', exact: true }).getByRole('log').getByText('my charger caught fire and burned my hand').waitFor({ timeout: WAIT });
    await banners.waitFor({ state: 'detached', timeout: WAIT });

    // The first visitor writes while the urgent one is on screen: a notification with their words.
    await ask(chat, 'are you still there?');
    const [message] = await notified(agent, /^\u2068Visitor [0-9A-F]{4}\u2069 wrote$/);
    expect(message!.body).toBe('are you still there?');

    // Muted, remembered across a reload: the next message shows nothing new.
    await agent.getByRole('button', { name: 'Alerts', exact: true }).click();
    await agent.getByRole('checkbox', { name: 'New messages in my chats' }).uncheck();
    await agent.reload();
    await agent.getByRole('status').getByText('Online').waitFor({ timeout: WAIT });
    await agent.getByRole('button', { name: 'Alerts', exact: true }).click();
    expect(await agent.getByRole('checkbox', { name: 'New messages in my chats' }).isChecked()).toBe(false);
    expect(await agent.getByRole('checkbox', { name: 'Urgent handoffs' }).isChecked()).toBe(true);
    await agent.getByText('Desktop alerts are on.').waitFor();
    await list.getByRole('button', { name: /my charger caught fire/ }).click();
    await ask(chat, 'hello??');
    await list.getByRole('button', { name: /hello\?\?/ }).waitFor({ timeout: WAIT });
    expect((await notificationsShown(agent)).filter((n) => n.body === 'hello??')).toEqual([]);

    await first.context.close();
    await second.context.close();
    await agent.context().close();
  }, 60_000);

  it('asks for permission only when the agent clicks "Enable desktop alerts"', async () => {
    const agent = await signInToConsole(browser, server.url, MIA);
    // Nothing asked on its own: the permission is still undecided.
    expect(await agent.evaluate(() => Notification.permission)).toBe('default');
    await agent.getByRole('button', { name: 'Enable desktop alerts' }).click();
    // Headless Chromium answers the prompt itself (denied); the console says what that means.
    await agent.getByRole('button', { name: 'Alerts', exact: true }).click();
    await agent.getByText(/Desktop alerts are (on|blocked)/).waitFor({ timeout: WAIT });
    expect(await agent.getByRole('button', { name: 'Enable desktop alerts' }).count()).toBe(0);
    await agent.context().close();
  });
});
