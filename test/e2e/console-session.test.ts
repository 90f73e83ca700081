import type { Browser, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { SESSION_COOKIE } from '../../protocol/index.ts';
import { hashToken } from '../../server/auth/sessions.ts';
import { signInToConsole } from '../support/browser.ts';
import { MIA, consoleFixture } from '../support/console-fixture.ts';
import type { TestServer } from '../support/server.ts';

// A console whose session ends elsewhere — signed out from another tab or device, expired, the account
// removed — goes back to the sign-in form instead of carrying on as if still signed in.

const WAIT = 10_000;

const fixture = consoleFixture([MIA]);
let server: TestServer;
let browser: Browser;
beforeAll(() => void ({ server, browser } = fixture));

const sessionToken = async (page: Page) => (await page.context().cookies()).find((c) => c.name === SESSION_COOKIE)!.value;
const signInForm = (page: Page) => page.getByRole('button', { name: 'Sign in' }).waitFor({ timeout: WAIT });

describe('the console when its session ends elsewhere', () => {
  it('returns to the sign-in form when the session is signed out from another tab', async () => {
    const page = await signInToConsole(browser, server.url, MIA);
    const token = await sessionToken(page);
    const res = await fetch(`${server.url}/api/agent/logout`, { method: 'POST', headers: { cookie: `${SESSION_COOKIE}=${token}` } });
    expect(res.status).toBe(200);
    await signInForm(page);
    expect(await page.getByRole('button', { name: 'Sign out' }).count()).toBe(0);
    await page.context().close();
  });

  it('returns to the sign-in form when an action is answered `unauthorized`', async () => {
    const page = await signInToConsole(browser, server.url, MIA);
    // Ended in the store only, as another process would: this server's next event check finds out.
    await server.store.deleteSession(hashToken(await sessionToken(page)));
    await page.getByLabel('Status').selectOption('away');
    await signInForm(page);
    await page.context().close();
  });
});
