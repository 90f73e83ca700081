import type { Attachment } from '../../protocol/attachment.ts';
import type { ErrorCode } from '../../protocol/errors.ts';

/**
 * What the visitor wrote and the server has not acknowledged yet. Kept in storage so a reload or a lost
 * connection never loses text; resent in the order written after every (re)connect — the server stores a
 * clientId once, so resending is safe.
 */
export interface OutboxEntry {
  clientId: string;
  text: string;
  /** The quick-reply value, when the text came from a quick-reply button. */
  reply: string | null;
  createdAt: number;
  /**
   * 'sending' entries go out on every flush; 'failed' ones wait for the visitor to press Retry; 'uploading'
   * ones wait for their file to be stored (then they are 'sending').
   */
  state: 'uploading' | 'sending' | 'failed';
  error: ErrorCode | null;
  /** A file sent with the message: uploaded first (`attachment` is then what the server stored). */
  file?: { name: string; size: number; type: string; attachment: Attachment | null };
}

/** Stored as JSON: {"v":1,"entries":[OutboxEntry…]} under OUTBOX_KEY. */
export const OUTBOX_KEY = 'parley:outbox';
const VERSION = 1;

/**
 * Errors a resend cannot fix (or should not hammer): the entry waits, failed, for the visitor's Retry. The
 * others (not_ready, unauthorized, conflict, not_found) are resent after a new session:hello.
 */
const PERMANENT: ReadonlySet<ErrorCode> = new Set<ErrorCode>(['invalid_payload', 'too_large', 'unsupported_type', 'forbidden', 'rate_limited', 'unavailable', 'internal']);

export type OutboxStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

export interface Outbox {
  /** Every entry, oldest first. */
  entries(): OutboxEntry[];
  /** Entries to send now, oldest first. */
  pending(): OutboxEntry[];
  add(text: string, reply?: string | null): OutboxEntry;
  /** A file to upload, then send as a message of its own. */
  addFile(file: { name: string; size: number; type: string }): OutboxEntry;
  /** Its file is stored: the message can go. */
  uploaded(clientId: string, attachment: Attachment): void;
  /** Drops an entry the visitor gave up on (a file refused). */
  remove(clientId: string): void;
  /** The server stored it: forget it. */
  ack(clientId: string): void;
  /** The server refused it. Returns true when the entry stays pending (a resend may succeed). */
  fail(clientId: string, error: ErrorCode): boolean;
  retry(clientId: string): void;
  /** Drops every entry, sent or not: Parley('shutdown') — the next person on this browser must not send them. */
  clear(): void;
  subscribe(fn: (entries: OutboxEntry[]) => void): () => void;
}

export function createOutbox(
  storage: OutboxStorage | null,
  newId: () => string = () => crypto.randomUUID(),
  now: () => number = Date.now,
): Outbox {
  let list: OutboxEntry[] = load(storage);
  const listeners = new Set<(entries: OutboxEntry[]) => void>();

  const commit = (next: OutboxEntry[]): void => {
    list = next;
    try {
      if (list.length) storage?.setItem(OUTBOX_KEY, JSON.stringify({ v: VERSION, entries: list }));
      else storage?.removeItem(OUTBOX_KEY);
    } catch {
      // Storage full or blocked: the outbox still works for this page's lifetime.
    }
    for (const fn of listeners) fn(list);
  };
  const update = (clientId: string, patch: Partial<OutboxEntry>): void =>
    commit(list.map((e) => (e.clientId === clientId ? { ...e, ...patch } : e)));

  return {
    entries: () => list,
    pending: () => list.filter((e) => e.state === 'sending'),
    add(text, reply = null) {
      const entry: OutboxEntry = { clientId: newId(), text, reply, createdAt: now(), state: 'sending', error: null };
      commit([...list, entry]);
      return entry;
    },
    addFile({ name, size, type }) {
      const entry: OutboxEntry = { clientId: newId(), text: '', reply: null, createdAt: now(), state: 'uploading', error: null, file: { name, size, type, attachment: null } };
      commit([...list, entry]);
      return entry;
    },
    uploaded(clientId, attachment) {
      const e = list.find((x) => x.clientId === clientId);
      if (e?.file) update(clientId, { state: 'sending', error: null, file: { ...e.file, attachment } });
    },
    ack(clientId) {
      if (list.some((e) => e.clientId === clientId)) commit(list.filter((e) => e.clientId !== clientId));
    },
    remove(clientId) {
      commit(list.filter((e) => e.clientId !== clientId));
    },
    fail(clientId, error) {
      if (!PERMANENT.has(error) && list.find((e) => e.clientId === clientId)?.state !== 'uploading') return true;
      update(clientId, { state: 'failed', error });
      return false;
    },
    retry(clientId) {
      const e = list.find((x) => x.clientId === clientId);
      update(clientId, { state: e?.file && !e.file.attachment ? 'uploading' : 'sending', error: null });
    },
    clear: () => commit([]),
    subscribe(fn) {
      listeners.add(fn);
      return () => listeners.delete(fn);
    },
  };
}

function load(storage: OutboxStorage | null): OutboxEntry[] {
  try {
    const raw = storage?.getItem(OUTBOX_KEY);
    if (!raw) return [];
    const data = JSON.parse(raw) as { v?: number; entries?: unknown };
    if (data.v !== VERSION || !Array.isArray(data.entries)) return [];
    return data.entries.filter(
      (e): e is OutboxEntry =>
        !!e &&
        typeof e.clientId === 'string' &&
        typeof e.text === 'string' &&
        (e.state === 'sending' || e.state === 'failed') &&
        // A file not uploaded before the page went away is gone with it (a page cannot keep a File).
        (!e.file || !!e.file.attachment),
    );
  } catch {
    return [];
  }
}
