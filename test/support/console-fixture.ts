import type { Browser } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { launchChromium } from './browser.ts';
import { createAgent, startTestServer, type TestServer } from './server.ts';

export interface AgentAccount {
  email: string;
  password: string;
  name: string;
}

export const MIA: AgentAccount = { email: 'mia@shop.test', password: 'correct-horse-42', name: 'Mia Chen' };
export const LEO: AgentAccount = { email: 'leo@shop.test', password: 'battery-staple-7', name: 'Leo Park' };

/**
 * One test file's setting for the console in Chromium: a real server with these agent accounts, and one
 * browser (each test opens its own contexts). Started before the file's tests, closed after them.
 */
export function consoleFixture(agents: AgentAccount[] = [MIA], env: Record<string, string> = {}) {
  let server: TestServer | null = null;
  let browser: Browser | null = null;
  beforeAll(async () => {
    server = await startTestServer({ env });
    for (const agent of agents) await createAgent(server, agent);
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });
  return {
    get server(): TestServer {
      if (!server) throw new Error('the console fixture starts in beforeAll');
      return server;
    },
    get browser(): Browser {
      if (!browser) throw new Error('the console fixture starts in beforeAll');
      return browser;
    },
  };
}
