import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ask, launchChromium, openChat, visitDemoShop } from '../support/browser.ts';
import { createAgent, startTestServer, type TestServer } from '../support/server.ts';

// Issue 2, steps 4–5 in real Chromium: a frustrated visitor is handed to a person, who takes over in the
// console, replies live, resolves, and the visitor is asked for a rating. Driven only by accessible names.

const WAIT = 10_000;
const AGENT = { email: 'mia@shop.test', password: 'correct-horse-42', name: 'Mia Chen' };

let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  server = await startTestServer();
  await createAgent(server, AGENT);
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function signIn(password = AGENT.password): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  await page.goto(`${server.url}/agent`);
  await page.getByRole('textbox', { name: 'Email' }).fill(AGENT.email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  return page;
}

describe('the agent console', () => {
  it('refuses a wrong password and says so', async () => {
    const page = await signIn('not-the-password');
    await page.getByRole('alert').getByText('Wrong email or password.').waitFor({ timeout: WAIT });
    expect(await page.getByRole('button', { name: 'Sign out' }).count()).toBe(0);
    await page.context().close();
  });

  it('takes over a frustrated visitor handed off by the bot, replies live, resolves, and the visitor is asked for a rating', async () => {
    // The agent is online first, so the handoff queues the conversation instead of asking for an email.
    const agent = await signIn();
    await agent.getByRole('status').getByText('Online').waitFor({ timeout: WAIT });

    const { context: visitorContext, page: shop } = await visitDemoShop(browser, server.url);
    const chat = await openChat(shop);
    await ask(chat, 'this is useless, I want a real person!!');
    const visitorLog = chat.getByRole('log');
    // The bot apologises and asks first; the visitor accepts with the quick reply.
    await visitorLog.getByText(/sorry/i).first().waitFor({ timeout: WAIT });
    await chat.getByRole('button', { name: 'Yes, connect me' }).click();
    await visitorLog.getByText(/connecting you with a person/i).first().waitFor({ timeout: WAIT });

    // The console shows the waiting conversation with its summary; opening it shows why and the transcript.
    const queue = agent.getByRole('navigation', { name: 'Conversations' });
    const waiting = queue.getByRole('region', { name: 'Waiting for a person' });
    await waiting.getByText('this is useless, I want a real person!!').waitFor({ timeout: WAIT });
    await waiting.getByRole('button', { name: /this is useless/ }).click();
    const pane = agent.getByRole('region', { name: 'Conversation' });
    const transcript = pane.getByRole('log', { name: 'Transcript' });
    await transcript.getByText('this is useless, I want a real person!!').waitFor({ timeout: WAIT });
    await transcript.getByText(/sorry/i).first().waitFor();
    const handoff = pane.getByRole('region', { name: 'Handoff' });
    expect(await handoff.innerText()).toMatch(/Frustration\s+0\.\d\d/);
    expect(await handoff.innerText()).toMatch(/asked for a person|visitor accepted a person/);

    await pane.getByRole('button', { name: 'Take over' }).click();
    await visitorLog.getByText(/Mia Chen/).first().waitFor({ timeout: WAIT });

    await pane.getByRole('textbox', { name: 'Reply' }).fill('Hi, I am Mia. I will sort this out for you right now.');
    await pane.getByRole('button', { name: 'Send' }).click();
    await visitorLog.getByText('Hi, I am Mia. I will sort this out for you right now.').waitFor({ timeout: WAIT });

    // The bot stays silent once a person has taken over: the visitor's question gets the agent's answer only.
    await ask(chat, 'thank you, and where is my order?');
    await transcript.getByText('thank you, and where is my order?').waitFor({ timeout: WAIT });
    await pane.getByRole('textbox', { name: 'Reply' }).fill('It left our warehouse this morning.');
    await pane.getByRole('button', { name: 'Send' }).click();
    await visitorLog.getByText('It left our warehouse this morning.').waitFor({ timeout: WAIT });
    expect(await visitorLog.getByText(/You can follow your order/).count()).toBe(0);

    // Resolved: the visitor is asked for a 1–5 rating and can give it.
    await pane.getByRole('button', { name: 'Resolve' }).click();
    await chat.getByText('How did we do?').waitFor({ timeout: WAIT });
    await chat.getByRole('button', { name: '5 stars' }).click();
    await chat.getByRole('button', { name: 'Submit rating' }).click();
    await chat.getByText('Thank you for your feedback!').waitFor({ timeout: WAIT });
    await pane.getByRole('region', { name: 'Rating' }).getByText(/5 \/ 5/).waitFor({ timeout: WAIT });

    await visitorContext.close();
    await agent.context().close();
  });
});

describe('the agent console sign-in under guessing', () => {
  let fresh: TestServer;
  beforeAll(async () => {
    // A server of its own: the sign-in limit is per IP, and every test here signs in from 127.0.0.1.
    fresh = await startTestServer();
    await createAgent(fresh, AGENT);
  });
  afterAll(async () => {
    await fresh?.close();
  });

  it('says to wait once too many passwords were tried', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${fresh.url}/agent`);
    for (let i = 0; i < 10; i++) {
      await page.request.post(`${fresh.url}/api/agent/login`, { data: { email: AGENT.email, password: `guess-${i}` } });
    }
    await page.getByRole('textbox', { name: 'Email' }).fill(AGENT.email);
    await page.getByLabel('Password').fill(AGENT.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').getByText(/Too many attempts/).waitFor({ timeout: WAIT });
    expect(await page.getByRole('button', { name: 'Sign out' }).count()).toBe(0);
    await context.close();
  });
});
