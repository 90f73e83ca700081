import sharp from 'sharp';
import type { FrameLocator, Locator } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { askForAPerson, openChat, signInToConsole, visitDemoShop } from '../support/browser.ts';
import { MIA, consoleFixture } from '../support/console-fixture.ts';
import { phonePhoto, png } from '../support/files.ts';
import type { TestServer } from '../support/server.ts';

// Issue 12, pictures both ways in real Chromium: a visitor's photo reaches the agent's console as a
// thumbnail; the agent's picture reaches the widget; pasting works; a file too big is refused in words.

const WAIT = 15_000;

const fixture = consoleFixture([MIA]);
let server: TestServer;
let browser: Browser;
beforeAll(() => void ({ server, browser } = fixture));

/** Whether an <img> has loaded real pixels (a broken or blocked image has none). */
const loaded = (img: Locator) => img.evaluate((el) => (el as HTMLImageElement).complete && (el as HTMLImageElement).naturalWidth > 0);

async function visitorWithMia(): Promise<FrameLocator> {
  const { page } = await visitDemoShop(browser, server.url);
  const chat = await openChat(page);
  await askForAPerson(chat);
  await chat.getByRole('log').getByText('Mia Chen joined the conversation').waitFor({ timeout: WAIT });
  return chat;
}

describe('pictures in a conversation', () => {
  it('a photo sent from the widget is seen in the console, and the agent’s picture comes back', async () => {
    const agent = await signInToConsole(browser, server.url, MIA);
    const chat = await visitorWithMia();

    // The visitor picks a photo (the attach button's file input).
    await chat.locator('input[type=file]').setInputFiles({ name: 'broken-mug.jpg', mimeType: 'image/jpeg', buffer: await phonePhoto(120, 80) });
    const sent = chat.getByRole('log').getByRole('button', { name: 'Open picture broken-mug.jpg' });
    await sent.waitFor({ timeout: WAIT });
    await expect.poll(() => loaded(sent.locator('img')), { timeout: WAIT }).toBe(true);

    // The agent: the row says a file came, the transcript shows its thumbnail, which opens the picture.
    const list = agent.getByRole('navigation', { name: 'Conversations' });
    const row = list.getByRole('button', { name: /📎 broken-mug\.jpg/ });
    await row.click({ timeout: WAIT });
    const transcript = agent.getByRole('region', { name: 'Conversation', exact: true }).getByRole('log', { name: 'Transcript' });
    const thumb = transcript.getByRole('img', { name: 'Picture: broken-mug.jpg' });
    await thumb.waitFor({ timeout: WAIT });
    await expect.poll(() => loaded(thumb), { timeout: WAIT }).toBe(true);
    const href = await transcript.getByRole('link', { name: 'Picture: broken-mug.jpg' }).getAttribute('href');
    const full = await agent.request.get(`${server.url}${href}`);
    expect(full.headers()['content-type']).toBe('image/jpeg');
    // Upright (the phone's "rotate 90°" applied) and with no EXIF left.
    const meta = await sharp(await full.body()).metadata();
    expect([meta.width, meta.height, meta.exif]).toEqual([80, 120, undefined]);

    // The agent sends a picture back (the console's file input); the visitor sees it.
    await agent.locator('input[type=file]').setInputFiles({ name: 'return-label.png', mimeType: 'image/png', buffer: await png(300, 200) });
    await transcript.getByRole('img', { name: 'Picture: return-label.png' }).waitFor({ timeout: WAIT });
    const back = chat.getByRole('log').getByRole('button', { name: 'Open picture return-label.png' });
    await back.waitFor({ timeout: WAIT });
    await expect.poll(() => loaded(back.locator('img')), { timeout: WAIT }).toBe(true);

    // Clicking opens the whole picture over the chat, with a download link; Escape returns to the chat.
    await back.click();
    const dialog = chat.getByRole('dialog', { name: 'return-label.png' });
    await expect.poll(() => loaded(dialog.getByRole('img', { name: 'return-label.png' })), { timeout: WAIT }).toBe(true);
    expect(await dialog.getByRole('link', { name: 'Download' }).getAttribute('download')).toBe('return-label.png');
    await dialog.getByRole('button', { name: 'Close' }).press('Escape');
    await dialog.waitFor({ state: 'detached' });
    await chat.getByRole('textbox', { name: 'Message' }).waitFor();
  });

  it('a pasted screenshot is sent; a file over 10 MB is refused in words before it is sent', async () => {
    const chat = await visitorWithMia();
    const box = chat.getByRole('textbox', { name: 'Message' });
    const bytes = [...(await png(40, 30))];
    await box.evaluate((el, data) => {
      const clip = new DataTransfer();
      clip.items.add(new File([new Uint8Array(data)], 'image.png', { type: 'image/png' }));
      el.dispatchEvent(new ClipboardEvent('paste', { clipboardData: clip, bubbles: true, cancelable: true }));
    }, bytes);
    const pasted = chat.getByRole('log').getByRole('button', { name: 'Open picture image.png' });
    await pasted.waitFor({ timeout: WAIT });

    // A PDF dropped on the chat (desktop) is sent too, as a download.
    await chat.locator('main.chat').evaluate((el, data) => {
      const drop = new DataTransfer();
      drop.items.add(new File([new TextEncoder().encode(data)], 'order-1001.pdf', { type: 'application/pdf' }));
      el.dispatchEvent(new DragEvent('dragover', { dataTransfer: drop, bubbles: true, cancelable: true }));
      el.dispatchEvent(new DragEvent('drop', { dataTransfer: drop, bubbles: true, cancelable: true }));
    }, '%PDF-1.4\n%%EOF\n');
    await chat.getByRole('log').getByRole('button', { name: /PDF · order-1001\.pdf/ }).waitFor({ timeout: WAIT });

    await chat.locator('input[type=file]').setInputFiles({ name: 'video.pdf', mimeType: 'application/pdf', buffer: Buffer.alloc(10 * 1024 * 1024 + 1, 0x25) });
    await chat.getByRole('log').getByText('Not sent: files can be 10 MB at most').waitFor({ timeout: WAIT });
    await chat.getByRole('log').getByRole('button', { name: 'Remove' }).click();
    await chat.getByRole('log').getByText('Not sent: files can be 10 MB at most').waitFor({ state: 'detached' });
  });

  it('says in Chinese what cannot be sent, before sending anything', async () => {
    const { page } = await visitDemoShop(browser, server.url, 'zh');
    const chat = await openChat(page, 'zh');
    const input = chat.locator('input[type=file]');
    expect(await input.getAttribute('accept')).toBe('image/*,application/pdf');
    await chat.getByRole('button', { name: '发送图片或文件' }).waitFor();
    await input.setInputFiles({ name: 'IMG_2041.HEIC', mimeType: 'image/heic', buffer: Buffer.from('....ftypheic') });
    await chat.getByRole('log').getByText('未发送：仅支持图片（JPEG、PNG、WebP、GIF）和 PDF 文件').waitFor({ timeout: WAIT });
    await input.setInputFiles({ name: '视频.pdf', mimeType: 'application/pdf', buffer: Buffer.alloc(10 * 1024 * 1024 + 1, 0x25) });
    await chat.getByRole('log').getByText('未发送：文件不能超过 10 MB').waitFor({ timeout: WAIT });
  });
});
