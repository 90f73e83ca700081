import { randomUUID } from 'node:crypto';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { attachmentUrl, MAX_ATTACHMENT_BYTES, PREVIEW_PX, type Message } from '../../../protocol/index.ts';
import { hasGps, pdf, phonePhoto, png, upload, uploaded } from '../../support/files.ts';
import { startTestServer, type TestServer } from '../../support/server.ts';
import { newHandoff, ok, signIn } from '../desk-peers.ts';
import { connectVisitor } from '../peers.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server?.close());

async function newVisitor() {
  const visitor = await connectVisitor(server.url);
  const hello = await visitor.hello();
  if (!hello.ok) throw new Error(hello.error);
  return { visitor, token: hello.token, visitorId: hello.visitorId };
}

const get = (path: string, as: { token?: string; cookie?: string } = {}) =>
  fetch(`${server.url}${path}`, {
    headers: { ...(as.token ? { authorization: `Bearer ${as.token}` } : {}), ...(as.cookie ? { cookie: as.cookie } : {}) },
  });

describe('uploading a file', () => {
  it('re-encodes a phone photo upright, with no EXIF (no GPS), and makes a preview', async () => {
    const { visitor, token } = await newVisitor();
    const photo = await phonePhoto(64, 32);
    expect(hasGps((await sharp(photo).metadata()).exif)).toBe(true);

    const attachment = await uploaded(server.url, photo, { token, name: 'IMG_0001.JPG' });
    expect(attachment).toMatchObject({ type: 'image/jpeg', name: 'IMG_0001.jpg', width: 32, height: 64 });

    const res = await get(attachmentUrl(attachment.id), { token });
    expect(res.status).toBe(200);
    const stored = Buffer.from(await res.arrayBuffer());
    const meta = await sharp(stored).metadata();
    expect(meta.exif).toBeUndefined();
    expect(hasGps(meta.exif)).toBe(false);
    expect(stored.includes(Buffer.from('ParleyTestCam'))).toBe(false);
    expect(meta.orientation ?? 1).toBe(1);
    expect([meta.width, meta.height]).toEqual([32, 64]);

    const preview = await get(attachmentUrl(attachment.id, true), { token });
    expect(preview.headers.get('content-type')).toBe('image/webp');
    const pm = await sharp(Buffer.from(await preview.arrayBuffer())).metadata();
    expect(pm.format).toBe('webp');
    visitor.close();
  });

  it('previews a large image within the preview box', async () => {
    const { visitor, token } = await newVisitor();
    const attachment = await uploaded(server.url, await png(1600, 900), { token, name: 'screen.png' });
    const preview = await sharp(Buffer.from(await (await get(attachmentUrl(attachment.id, true), { token })).arrayBuffer())).metadata();
    expect(Math.max(preview.width!, preview.height!)).toBe(PREVIEW_PX);
    visitor.close();
  });

  it('keeps the frames of an animated GIF, and previews its first', async () => {
    const { visitor, token } = await newVisitor();
    const [w, h, frames] = [8, 6, 3];
    const raw = Buffer.alloc(w * h * frames * 4);
    for (let f = 0; f < frames; f++) for (let i = 0; i < w * h; i++) raw.set([f * 100, 50, 200 - f * 60, 255], (f * w * h + i) * 4);
    const gif = await sharp(raw, { raw: { width: w, height: h * frames, channels: 4, pageHeight: h } }).gif({ delay: [100, 100, 100], loop: 0 }).toBuffer();
    const attachment = await uploaded(server.url, gif, { token, name: 'spin.gif' });
    expect(attachment).toMatchObject({ type: 'image/gif', width: w, height: h });
    const stored = await sharp(Buffer.from(await (await get(attachmentUrl(attachment.id), { token })).arrayBuffer()), { animated: true }).metadata();
    expect([stored.format, stored.pages, stored.pageHeight]).toEqual(['gif', frames, h]);
    visitor.close();
  });

  it('goes by the bytes, not the name: a PDF named .png is a PDF, an HTML page named .jpg is refused', async () => {
    const { visitor, token } = await newVisitor();
    const asPng = await uploaded(server.url, pdf(), { token, name: 'receipt.png' });
    expect(asPng).toMatchObject({ type: 'application/pdf', name: 'receipt.pdf', width: null });

    const page = Buffer.from('<!doctype html><script>alert(document.cookie)</script>');
    const refused = await upload(server.url, page, { token, name: 'photo.jpg' });
    expect(refused).toEqual({ status: 415, body: { ok: false, error: 'unsupported_type' } });
    // Damaged data behind an image's signature is refused too.
    const broken = await upload(server.url, Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(64, 7)]), { token });
    expect(broken.body.ok).toBe(false);
    visitor.close();
  });

  it('refuses more than 10 MB with 413 too_large, whatever Content-Length says', async () => {
    const { visitor, token } = await newVisitor();
    const big = Buffer.alloc(MAX_ATTACHMENT_BYTES + 1, 0);
    big.write('%PDF-1.4\n');
    expect(await upload(server.url, big, { token })).toEqual({ status: 413, body: { ok: false, error: 'too_large' } });

    // A body streamed without a length is cut at the limit too.
    let sent = 0;
    const chunks = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent++ < 11) controller.enqueue(new Uint8Array(1024 * 1024).fill(1));
        else controller.close();
      },
    });
    const res = await fetch(`${server.url}/attachments`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'x-parley-client-id': randomUUID() },
      body: chunks,
      duplex: 'half',
    } as RequestInit);
    expect(res.status).toBe(413);
    expect(await res.json()).toEqual({ ok: false, error: 'too_large' });

    // Exactly at the limit is accepted.
    const max = Buffer.alloc(MAX_ATTACHMENT_BYTES, 0x20);
    max.write('%PDF-1.4\n');
    expect((await upload(server.url, max, { token })).status).toBe(200);
    visitor.close();
  });

  it('refuses an image that would decode to too many pixels (a decompression bomb)', async () => {
    const { visitor, token } = await newVisitor();
    const bomb = await sharp({ create: { width: 10_000, height: 6_000, channels: 3, background: { r: 0, g: 0, b: 0 } } }).png({ compressionLevel: 9 }).toBuffer();
    expect(bomb.length).toBeLessThan(MAX_ATTACHMENT_BYTES);
    expect(await upload(server.url, bomb, { token })).toEqual({ status: 413, body: { ok: false, error: 'too_large' } });
    visitor.close();
  });

  it('stores a retried upload (same client id) once', async () => {
    const { visitor, token } = await newVisitor();
    const clientId = randomUUID();
    const photo = await png();
    const first = await uploaded(server.url, photo, { token, clientId, name: 'a.png' });
    const again = await uploaded(server.url, photo, { token, clientId, name: 'a.png' });
    expect(again).toEqual(first);
    // Another visitor's upload with the same client id is theirs, not this one.
    const other = await newVisitor();
    expect((await uploaded(server.url, photo, { token: other.token, clientId })).id).not.toBe(first.id);
    visitor.close();
    other.visitor.close();
  });

  it('needs a visitor token or an agent session', async () => {
    expect(await upload(server.url, await png(), {})).toEqual({ status: 401, body: { ok: false, error: 'unauthorized' } });
    expect((await upload(server.url, await png(), { token: 'v1.someone.forged' })).status).toBe(401);
  });
});

describe('an image in the conversation', () => {
  it('goes from the visitor to the agent and back, and only they can fetch it', async () => {
    const agent = await signIn(server, 'Ada');
    const { visitor, token, conversationId } = await newHandoff(server);
    await ok(agent.emit('conversation:claim', { conversationId }));

    const photo = await uploaded(server.url, await phonePhoto(), { token, name: 'broken mug.jpg' });
    const clientId = randomUUID();
    const sent = await visitor.send('', { attachments: [photo.id], clientId });
    expect(sent.ok).toBe(true);
    // The outbox resends after a lost acknowledgement: the same answer, one message.
    expect(await visitor.send('', { attachments: [photo.id], clientId })).toEqual(sent);
    const seen = await agent.events.next<Message>('message:new', (m) => m.conversationId === conversationId && m.attachments.length > 0);
    expect(seen.text).toBe('');
    expect(seen.attachments).toEqual([photo]);
    expect((await get(attachmentUrl(photo.id), { cookie: agent.cookie })).status).toBe(200);

    const back = await uploaded(server.url, await png(), { cookie: agent.cookie, name: 'label.png' });
    const reply = await agent.emit('message:send', { conversationId, clientId: randomUUID(), text: 'Here is your return label', attachments: [back.id] });
    expect(reply.ok).toBe(true);
    const got = await visitor.events.next<Message>('message:new', (m) => m.author === 'agent' && m.attachments.length > 0);
    expect(got.attachments[0]!.id).toBe(back.id);
    const served = await get(attachmentUrl(back.id), { token });
    expect(served.status).toBe(200);
    expect(served.headers.get('x-content-type-options')).toBe('nosniff');
    expect(served.headers.get('content-disposition')).toBe(`inline; filename="label.png"; filename*=UTF-8''label.png`);
    expect(served.headers.get('content-security-policy')).toContain('sandbox');

    // Kept with the conversation: a reload (hello) shows them.
    const again = await connectVisitor(server.url);
    const hello = await again.hello(token);
    if (!hello.ok) throw new Error(hello.error);
    expect(hello.messages.flatMap((m) => m.attachments.map((a) => a.id))).toEqual([photo.id, back.id]);
    expect(hello.messages.filter((m) => m.clientId === clientId)).toHaveLength(1);

    // Another visitor, nobody, or a forged token: 404, as if it did not exist.
    const stranger = await newVisitor();
    for (const as of [{ token: stranger.token }, {}, { token: 'v1.x.y' }]) {
      expect((await get(attachmentUrl(photo.id), as)).status).toBe(404);
      expect((await get(attachmentUrl(photo.id, true), as)).status).toBe(404);
    }
    expect((await get(attachmentUrl(randomUUID()), { token })).status).toBe(404);
    // A file cannot be sent by someone who did not upload it, nor twice.
    expect(await stranger.visitor.send('', { attachments: [photo.id] })).toEqual({ ok: false, error: 'not_found' });
    expect(await visitor.send('again', { attachments: [photo.id] })).toEqual({ ok: false, error: 'conflict' });
    for (const p of [again, stranger.visitor, visitor, agent]) p.close();
  });

  it('serves a PDF as a download, never inline', async () => {
    const { visitor, token } = await newVisitor();
    const doc = await uploaded(server.url, pdf(), { token, name: 'Rechnung März.pdf' });
    const res = await get(attachmentUrl(doc.id), { token });
    expect(res.headers.get('content-type')).toBe('application/pdf');
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename="Rechnung M_rz.pdf"; filename*=UTF-8''Rechnung%20M%C3%A4rz.pdf`);
    expect((await get(attachmentUrl(doc.id, true), { token })).status).toBe(404);
    visitor.close();
  });

  it('a picture in a bot conversation: the bot says it has it and asks no intent of it', async () => {
    const { visitor, token } = await newVisitor();
    const first = await visitor.send('my mug arrived broken');
    if (!first.ok) throw new Error(first.error);
    await visitor.events.next<Message>('message:new', (m) => m.author === 'bot');
    const photo = await uploaded(server.url, await phonePhoto(), { token });
    const sent = await visitor.send('', { attachments: [photo.id] });
    if (!sent.ok) throw new Error(sent.error);
    const answer = await visitor.events.next<Message>('message:new', (m) => m.author === 'bot' && m.seq > sent.seq);
    expect(answer.text).toMatch(/added your file/);
    const conv = await server.store.getConversation(sent.conversationId);
    expect(conv?.status).toBe('bot');
    visitor.close();
  });

  it('a message needs text or an attachment', async () => {
    const { visitor } = await newVisitor();
    expect(await visitor.send('   ')).toEqual({ ok: false, error: 'invalid_payload' });
    visitor.close();
  });
});
