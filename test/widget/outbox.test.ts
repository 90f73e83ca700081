import { describe, expect, it } from 'vitest';
import { createOutbox, OUTBOX_KEY, type OutboxStorage } from '../../widget/app/outbox.ts';

/** A real in-memory Storage (the browser's localStorage contract), so persistence is observable. */
function memoryStorage(): OutboxStorage & { data: Map<string, string> } {
  const data = new Map<string, string>();
  return {
    data,
    getItem: (k) => data.get(k) ?? null,
    setItem: (k, v) => void data.set(k, String(v)),
    removeItem: (k) => void data.delete(k),
  };
}

function ids() {
  let n = 0;
  return () => `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`;
}

describe('outbox', () => {
  it('keeps messages in the order written until each is acknowledged', () => {
    const box = createOutbox(memoryStorage(), ids(), () => 1000);
    const a = box.add('first');
    const b = box.add('second', 'intent:returns');
    const c = box.add('third');
    expect(box.pending().map((e) => e.text)).toEqual(['first', 'second', 'third']);
    expect(b.reply).toBe('intent:returns');

    box.ack(b.clientId);
    expect(box.pending().map((e) => e.clientId)).toEqual([a.clientId, c.clientId]);
    box.ack(a.clientId);
    box.ack(a.clientId); // a late duplicate ack changes nothing
    expect(box.pending().map((e) => e.text)).toEqual(['third']);
  });

  it('survives a reload: a new outbox over the same storage resends the same entries in order', () => {
    const storage = memoryStorage();
    const before = createOutbox(storage, ids(), () => 42);
    const a = before.add('where is my order?');
    const b = before.add('hello?');

    const after = createOutbox(storage);
    expect(after.pending()).toEqual([a, b]);
    expect(after.pending()[0]).toMatchObject({ clientId: a.clientId, text: 'where is my order?', reply: null, createdAt: 42, state: 'sending', error: null });
  });

  it('stores {"v":1,"entries":[…]} under parley:outbox and removes the key when empty', () => {
    const storage = memoryStorage();
    const box = createOutbox(storage, ids(), () => 7);
    const a = box.add('hi');
    expect(JSON.parse(storage.data.get(OUTBOX_KEY)!)).toEqual({
      v: 1,
      entries: [{ clientId: a.clientId, text: 'hi', reply: null, createdAt: 7, state: 'sending', error: null }],
    });
    box.ack(a.clientId);
    expect(storage.data.has(OUTBOX_KEY)).toBe(false);
  });

  it('keeps a refused message as failed (text not lost) and sends it again only after Retry', () => {
    const storage = memoryStorage();
    const box = createOutbox(storage, ids());
    const a = box.add('x'.repeat(10));
    const b = box.add('next');

    expect(box.fail(a.clientId, 'too_large')).toBe(false);
    expect(box.entries().map((e) => [e.text.length, e.state, e.error])).toEqual([
      [10, 'failed', 'too_large'],
      [4, 'sending', null],
    ]);
    expect(box.pending().map((e) => e.clientId)).toEqual([b.clientId]);
    expect(createOutbox(storage).entries()[0].state).toBe('failed');

    box.retry(a.clientId);
    expect(box.pending().map((e) => e.clientId)).toEqual([a.clientId, b.clientId]);
  });

  it('treats not_ready and unauthorized as passing: the entry stays pending for the next hello', () => {
    const box = createOutbox(memoryStorage(), ids());
    const a = box.add('hi');
    expect(box.fail(a.clientId, 'not_ready')).toBe(true);
    expect(box.fail(a.clientId, 'unauthorized')).toBe(true);
    expect(box.pending().map((e) => e.clientId)).toEqual([a.clientId]);
  });

  it('ignores stored data it does not understand instead of crashing the widget', () => {
    for (const raw of ['not json', '{"v":2,"entries":[]}', '{"v":1,"entries":[{"text":1}]}', '[]']) {
      const storage = memoryStorage();
      storage.setItem(OUTBOX_KEY, raw);
      expect(createOutbox(storage).entries()).toEqual([]);
    }
  });

  it('tells subscribers about every change', () => {
    const box = createOutbox(null, ids());
    const seen: number[] = [];
    box.subscribe((entries) => seen.push(entries.length));
    const a = box.add('a');
    box.add('b');
    box.ack(a.clientId);
    expect(seen).toEqual([1, 2, 1]);
  });

  it('holds a file until it is uploaded, then sends it like a message; an upload cut by a reload is not resent empty', () => {
    const storage = memoryStorage();
    const box = createOutbox(storage, ids(), () => 7);
    const photo = box.addFile({ name: 'mug.jpg', size: 1234, type: 'image/jpeg' });
    const doc = box.addFile({ name: 'receipt.pdf', size: 99, type: 'application/pdf' });
    expect(box.pending()).toEqual([]);

    const attachment = { id: 'a1', name: 'mug.jpg', type: 'image/jpeg' as const, size: 1000, width: 10, height: 20 };
    box.uploaded(photo.clientId, attachment);
    expect(box.pending().map((e) => [e.clientId, e.file?.attachment?.id])).toEqual([[photo.clientId, 'a1']]);

    // A reload: the uploaded one is still to be sent; the other's File is gone with the page.
    const after = createOutbox(storage, ids(), () => 8);
    expect(after.entries().map((e) => e.clientId)).toEqual([photo.clientId]);
    expect(after.pending()[0]!.file!.attachment).toEqual(attachment);
    void doc;
  });

  it('a failed upload waits for Retry, which uploads again before sending', () => {
    const box = createOutbox(memoryStorage(), ids(), () => 7);
    const photo = box.addFile({ name: 'mug.jpg', size: 1234, type: 'image/jpeg' });
    // Even a code that would be resent for a message: an upload is tried again by Retry (or by the uploader itself).
    expect(box.fail(photo.clientId, 'not_ready')).toBe(false);
    expect(box.entries()[0]!.state).toBe('failed');
    box.retry(photo.clientId);
    expect(box.entries()[0]!.state).toBe('uploading');
    box.fail(photo.clientId, 'unsupported_type');
    box.remove(photo.clientId);
    expect(box.entries()).toEqual([]);
  });
});
