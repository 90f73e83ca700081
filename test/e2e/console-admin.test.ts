import type { Browser, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { seriousA11yViolations, signInToConsole } from '../support/browser.ts';
import { LEO, MIA, consoleFixture } from '../support/console-fixture.ts';
import type { TestServer } from '../support/server.ts';
import { connectVisitor } from '../server/peers.ts';

// The admin's screens in the console: invite someone (they open the link and choose a password), remove
// them (their console goes back to sign-in), edit the hours, and answer a visitor's data request. Agents
// do not see any of it.

const WAIT = 10_000;
// Mia is the first account: an admin. Leo is an agent.
const fixture = consoleFixture([MIA, LEO]);
let server: TestServer;
let browser: Browser;
beforeAll(() => void ({ server, browser } = fixture));

const openAdmin = async (page: Page, tab: 'Team' | 'Business hours' | 'Visitor data') => {
  await page.getByRole('button', { name: 'Admin' }).click();
  const dialog = page.getByRole('dialog', { name: 'Admin' });
  await dialog.getByRole('tab', { name: tab }).click();
  return dialog;
};

describe('admin screens in the console', () => {
  it('are not offered to an agent', async () => {
    const leo = await signInToConsole(browser, server.url, LEO);
    expect(await leo.getByRole('button', { name: 'Admin' }).count()).toBe(0);
    expect(await leo.getByRole('button', { name: 'Saved replies' }).count()).toBe(0);
    await leo.context().close();
  });

  it('invite an agent with a one-time link they open to choose a password, then remove them', async () => {
    const mia = await signInToConsole(browser, server.url, MIA);
    const team = await openAdmin(mia, 'Team');
    await team.getByRole('textbox', { name: 'Name' }).fill('Nia Okafor');
    await team.getByRole('textbox', { name: 'E-mail' }).fill('nia@shop.test');
    await team.getByRole('button', { name: 'Create invitation link' }).click();
    const link = await team.getByRole('textbox', { name: 'Invitation link for Nia Okafor' }).inputValue();
    expect(link).toMatch(/\/agent#invite=/);
    await team.getByRole('cell', { name: 'Nia Okafor invited' }).waitFor({ timeout: WAIT });
    expect(await seriousA11yViolations(mia)).toEqual([]);

    const niaContext = await browser.newContext();
    const nia = await niaContext.newPage();
    await nia.goto(link);
    await nia.getByRole('heading', { name: 'Welcome to Parley, Nia Okafor' }).waitFor({ timeout: WAIT });
    await nia.getByLabel('New password', { exact: true }).fill('nia picks a long one');
    await nia.getByLabel('Repeat the password').fill('nia picks a long one');
    await nia.getByRole('button', { name: 'Set password and sign in' }).click();
    await nia.getByRole('status').getByText('Online').waitFor({ timeout: WAIT });
    // The token is gone from the address bar; the link does not work twice.
    expect(new URL(nia.url()).hash).toBe('');
    const again = await browser.newContext();
    const second = await again.newPage();
    await second.goto(link);
    await second.getByRole('heading', { name: 'Invitation link not valid' }).waitFor({ timeout: WAIT });
    await again.close();

    await team.getByRole('button', { name: 'Remove Nia Okafor' }).click();
    await team.getByRole('button', { name: 'Yes, remove Nia Okafor' }).click();
    await nia.getByRole('button', { name: 'Sign in' }).waitFor({ timeout: WAIT });
    await team.getByRole('cell', { name: 'Nia Okafor' }).waitFor({ state: 'detached', timeout: WAIT });
    await niaContext.close();
    await mia.context().close();
  }, 60_000);

  it('edit the business hours, refusing ones that cannot be read', async () => {
    const mia = await signInToConsole(browser, server.url, MIA);
    const hours = await openAdmin(mia, 'Business hours');
    await hours.getByRole('textbox', { name: 'Hours' }).fill('every day 9 to 5');
    await hours.getByRole('button', { name: 'Save hours' }).click();
    await hours.getByRole('alert').getByText('could not be read').waitFor({ timeout: WAIT });
    await hours.getByRole('textbox', { name: 'Hours' }).fill('sat 00:00-00:01');
    await hours.getByRole('textbox', { name: 'Time zone' }).fill('Pacific/Kiritimati');
    await hours.getByRole('button', { name: 'Save hours' }).click();
    await hours.getByText('Saved.').waitFor({ timeout: WAIT });
    // The header says so too, as on every console.
    await mia.getByText('Outside business hours').waitFor({ timeout: WAIT });
    await hours.getByRole('textbox', { name: 'Hours' }).fill('');
    await hours.getByRole('button', { name: 'Save hours' }).click();
    await mia.getByText('Outside business hours').waitFor({ state: 'detached', timeout: WAIT });
    await mia.context().close();
  }, 60_000);

  it("download a visitor's data, then delete it after confirming", async () => {
    const visitor = await connectVisitor(server.url);
    const hello = await visitor.hello();
    expect(hello.ok).toBe(true);
    await visitor.send('where is my order 7788?');
    await visitor.emit('visitor:identify', { name: 'Vic', email: 'vic@example.com' });

    const mia = await signInToConsole(browser, server.url, MIA);
    const panel = await openAdmin(mia, 'Visitor data');
    await panel.getByRole('textbox', { name: "Visitor's e-mail" }).fill('vic@example.com');
    const [download] = await Promise.all([mia.waitForEvent('download'), panel.getByRole('button', { name: 'Download their data' }).click()]);
    const file = await download.path();
    const { readFile } = await import('node:fs/promises');
    const data = JSON.parse(await readFile(file, 'utf8')) as { conversations: Array<{ messages: Array<{ text: string }> }> };
    expect(data.conversations[0]!.messages.map((m) => m.text)).toContain('where is my order 7788?');

    await panel.getByRole('button', { name: 'Delete their data…' }).click();
    await panel.getByRole('button', { name: 'Yes, delete everything about them' }).click();
    await panel.getByText(/Deleted: 1 visitor record, 1 conversation/).waitFor({ timeout: WAIT });
    expect(await server.store.findVisitorsByEmail('vic@example.com')).toEqual([]);
    visitor.close();
    await mia.context().close();
  }, 60_000);
});
