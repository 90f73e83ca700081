import fc from 'fast-check';

// Payloads that only reach the interesting code when they name things that exist (a conversation, an agent,
// a saved reply). The generators hold a symbolic reference, `\0ref:<kind>:<n>`; just before sending, `resolve`
// replaces it with the n-th newest real id the fuzz has seen (from earlier acknowledgements), so a run can
// claim a conversation and then reply in it. The same seed makes the same choices against a fresh server.

export const REF_KINDS = ['conversation', 'visitor', 'token', 'agent', 'canned', 'cursor', 'clientId'] as const;
export type RefKind = (typeof REF_KINDS)[number];

const REF = /^\u0000ref:([a-zA-Z]+):(\d+)$/;
const KEEP = 32;

/** A reference to one of the few newest ids of a kind (mostly the newest, so commands in a run meet). */
export const ref = (kind: RefKind) => fc.oneof({ arbitrary: fc.constant(0), weight: 4 }, { arbitrary: fc.nat(7), weight: 1 }).map((n) => `\u0000ref:${kind}:${n}`);

export class RefPool {
  private readonly ids = new Map<RefKind, string[]>();

  /** Remembers an id (newest first, at most 32 of a kind: the pool must not be what grows). */
  add(kind: RefKind, id: unknown): void {
    if (typeof id !== 'string' || !id) return;
    const list = this.ids.get(kind) ?? [];
    const at = list.indexOf(id);
    if (at >= 0) list.splice(at, 1);
    list.unshift(id);
    if (list.length > KEEP) list.length = KEEP;
    this.ids.set(kind, list);
  }

  has(kind: RefKind, id: unknown): boolean {
    return typeof id === 'string' && (this.ids.get(kind) ?? []).includes(id);
  }

  private pick(kind: RefKind, n: number): string {
    const list = this.ids.get(kind) ?? [];
    // Nothing seen yet: a well-formed id that names nothing.
    if (!list.length) return kind === 'clientId' ? '00000000-0000-4000-8000-000000000000' : `unknown-${kind}`;
    return list[n % list.length]!;
  }

  /** A deep copy of `value` with every reference replaced by a real id. */
  resolve(value: unknown): unknown {
    if (typeof value === 'string') {
      const m = REF.exec(value);
      return m ? this.pick(m[1] as RefKind, Number(m[2])) : value;
    }
    if (Array.isArray(value)) return value.map((v) => this.resolve(v));
    if (value && typeof value === 'object' && !Buffer.isBuffer(value)) {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(value)) Object.defineProperty(out, k, { value: this.resolve(v), enumerable: true, writable: true, configurable: true });
      return out;
    }
    return value;
  }

  /** Learns the ids an acknowledgement names (conversations, visitors, tokens, agents, saved replies, cursors). */
  harvest(res: unknown, depth = 0): void {
    if (!res || typeof res !== 'object' || depth > 4) return;
    if (Array.isArray(res)) {
      for (const item of res.slice(0, 10)) this.harvest(item, depth + 1);
      return;
    }
    const r = res as Record<string, unknown>;
    this.add('token', r.token);
    this.add('visitor', r.visitorId);
    this.add('conversation', r.conversationId);
    this.add('cursor', r.next);
    for (const key of ['conversation', 'conversations', 'results', 'history', 'messages', 'notes', 'response', 'responses', 'agents', 'me', 'visitor', 'flags']) {
      const v = r[key];
      if (!v || typeof v !== 'object') continue;
      const items = Array.isArray(v) ? v.slice(0, 10) : [v];
      for (const item of items as Array<Record<string, unknown>>) {
        if (!item || typeof item !== 'object') continue;
        if (key === 'conversation' || key === 'conversations' || key === 'history') this.add('conversation', item.id);
        if (key === 'response' || key === 'responses') this.add('canned', item.id);
        if (key === 'agents' || key === 'me') this.add('agent', item.id);
        if (key === 'visitor') this.add('visitor', item.id);
        if (key === 'messages') this.add('clientId', item.clientId);
        this.harvest(item, depth + 1);
      }
    }
  }
}
