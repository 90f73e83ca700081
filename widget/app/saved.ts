import type { OutboxStorage } from './outbox.ts';

// The frame's storage may be missing (blocked third-party storage), full or throwing: what the chat keeps
// there is a convenience, never a reason to fail.

export function load(storage: OutboxStorage | null, key: string): string | null {
  try {
    return storage?.getItem(key) ?? null;
  } catch {
    return null;
  }
}

export function save(storage: OutboxStorage | null, key: string, value: string): void {
  try {
    storage?.setItem(key, value);
  } catch {}
}
