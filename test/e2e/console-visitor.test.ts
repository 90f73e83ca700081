import type { Browser } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { askForAPerson, openChat, seriousA11yViolations, signInToConsole, visitDemoShop, widgetWords } from '../support/browser.ts';
import type { TestServer } from '../support/server.ts';
import { MIA, consoleFixture } from '../support/console-fixture.ts';

// Issue 9, the visitor panel: who the visitor says they are (not verified), where and on what they are,
// their local time, flags with who set them — and their typing, live.

const WAIT = 10_000;

const fixture = consoleFixture([MIA]);
let server: TestServer;
let browser: Browser;
beforeAll(() => void ({ server, browser } = fixture));

describe('the visitor panel', () => {
  it('shows the identified visitor, their page, device and local time, and keeps flags with who set them', async () => {
    const agent = await signInToConsole(browser, server.url, MIA);
    const context = await browser.newContext({ locale: 'en-US', timezoneId: 'Asia/Tokyo', viewport: { width: 1100, height: 760 } });
    const shop = await context.newPage();
    await shop.goto(`${server.url}/`);
    await shop.evaluate(() => (window as unknown as { Parley: (...a: unknown[]) => void }).Parley('identify', { name: 'Sam Lee', email: 'sam@example.com' }));
    const chat = await openChat(shop);
    await askForAPerson(chat);
    await chat.getByRole('log').getByText('Mia Chen joined the conversation').waitFor({ timeout: WAIT });

    const list = agent.getByRole('navigation', { name: 'Conversations' });
    const row = list.getByRole('button', { name: /Sam Lee/ });
    await row.click({ timeout: WAIT });
    const details = agent.getByRole('complementary', { name: 'Visitor details' });
    const visitor = details.getByRole('region', { name: 'Visitor' });
    await visitor.getByText('sam@example.com').waitFor({ timeout: WAIT });
    const text = await visitor.innerText();
    expect(text).toContain('Sam Lee');
    expect(text).toContain('not verified');
    expect(text).toContain('Parley Demo Shop');
    expect(text).toMatch(/Chrome \d+ on Linux \(computer\)/);
    expect(text).toContain('(Asia/Tokyo)');
    const page = visitor.getByRole('link', { name: `${server.url}/` });
    expect(await page.getAttribute('rel')).toBe('noopener noreferrer nofollow');

    // The visitor types: the agent sees it.
    const pane = agent.getByRole('region', { name: 'Conversation', exact: true });
    await chat.getByRole('textbox', { name: widgetWords.en.message }).pressSequentially('where is my');
    await pane.getByText('Visitor is typing…').waitFor({ timeout: WAIT });

    // Flags: one click for VIP, a free label; each says who set it; the row shows them; removable.
    const flags = details.getByRole('region', { name: 'Flags' });
    await flags.getByRole('button', { name: 'Mark VIP' }).click();
    await flags.getByRole('textbox', { name: 'New label' }).fill('Wholesale buyer');
    await flags.getByRole('button', { name: 'Add' }).click();
    await flags.getByText('wholesale buyer').waitFor({ timeout: WAIT });
    expect(await flags.innerText()).toMatch(/VIP\s+by Mia Chen/);
    // The full desk on a wide screen, every control in use, passes axe-core too (24×24 px targets included).
    await agent.getByRole('button', { name: 'Alerts', exact: true }).click();
    expect(await seriousA11yViolations(agent)).toEqual([]);
    await agent.getByRole('button', { name: 'Alerts', exact: true }).click();
    await row.getByText('VIP').waitFor({ timeout: WAIT });
    await row.getByText('wholesale buyer').waitFor();
    // Kept by the server: still there after a reload.
    await agent.reload();
    await list.getByRole('button', { name: /Sam Lee/ }).getByText('VIP').waitFor({ timeout: WAIT });
    await list.getByRole('button', { name: /Sam Lee/ }).click();
    await flags.getByRole('button', { name: 'Remove VIP' }).click();
    await flags.getByRole('button', { name: 'Mark VIP' }).waitFor({ timeout: WAIT });
    await list.getByRole('button', { name: /Sam Lee/ }).getByText('VIP').waitFor({ state: 'detached', timeout: WAIT });

    await context.close();
    await agent.context().close();
  }, 60_000);
});
