import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, signInToConsole } from '../support/browser.ts';
import { createAgent, startTestServer, type TestServer } from '../support/server.ts';
import { startTestSmtp, type TestSmtp } from '../support/smtp.ts';

// Mail in the agent console, in real Chromium: "Mail off" when the server has no mail settings; with
// mail on, a mail given up on shows in the header at once, with its reason and a retry; the opt-in.

const WAIT = 15_000;
let browser: Browser;
const servers: TestServer[] = [];
let smtp: TestSmtp;

beforeAll(async () => {
  browser = await launchChromium();
  smtp = await startTestSmtp({ refuse: (a) => a.startsWith('nobody@') });
});
afterAll(async () => {
  await browser?.close();
  for (const s of servers) await s.close();
  await smtp?.close();
});

async function openConsole(env: Record<string, string> = {}) {
  const server = await startTestServer({ env });
  servers.push(server);
  const ada = { email: 'ada@shop.test', password: 'a long password', name: 'Ada' };
  await createAgent(server, ada);
  const page = await signInToConsole(browser, server.url, ada);
  return { server, page };
}

describe('mail in the console', () => {
  it('says mail is off when the server has no mail settings', async () => {
    const { page } = await openConsole();
    await page.locator('header').getByText('Mail off').waitFor({ timeout: WAIT });
  });

  it('shows a mail the server gave up on, with the reason, and takes the opt-in', async () => {
    const { server, page } = await openConsole({ PARLEY_SMTP_URL: smtp.url, PARLEY_MAIL_FROM: 'Shop <support@shop.test>' });
    const mailButton = page.getByRole('button', { name: /^Mail/ });
    await mailButton.waitFor({ timeout: WAIT });
    await server.store.enqueueMail([{ conversationId: null, kind: 'left-message', recipient: 'nobody@example.com', locale: 'en', payload: { visitor: 'Mei', question: 'hello?' } }]);
    await page.getByRole('button', { name: 'Mail · 1 failed' }).waitFor({ timeout: WAIT });
    await page.getByRole('button', { name: 'Mail · 1 failed' }).click();
    const menu = page.getByRole('group', { name: 'Mail' });
    await menu.getByText(/Message left \(to agents\) to nobody@example\.com/).waitFor({ timeout: WAIT });
    await menu.getByText(/550/).waitFor();
    expect(await menu.getByRole('button', { name: 'Retry' }).count()).toBe(1);
    // An agent, not an admin? Ada is the first account: the admin, so the follow-up switch is hers.
    expect(await menu.getByRole('checkbox', { name: /rating by e-mail/ }).isChecked()).toBe(true);
    await menu.getByRole('checkbox', { name: 'E-mail me messages left while nobody is online' }).check();
    for (let i = 0; i < 50 && !(await server.store.listMailNotifyAgents()).length; i++) await new Promise((r) => setTimeout(r, 100));
    expect((await server.store.listMailNotifyAgents()).map((a) => a.name)).toEqual(['Ada']);
  });
});
