import { signal } from '@preact/signals';
import type { CannedResponse } from '../protocol/canned.ts';
import type { Request } from './socket.ts';

const SUGGESTIONS = 8;

/**
 * The saved replies matching what follows "/": shortcuts that start with it first, then any shortcut or
 * text containing it, so "/ref" finds "refund-policy" and a reply that mentions refunds.
 */
export function matchCanned(all: readonly CannedResponse[], query: string): CannedResponse[] {
  const q = query.trim().toLowerCase();
  const starts = all.filter((r) => r.shortcut.startsWith(q));
  const contains = all.filter((r) => !r.shortcut.startsWith(q) && (r.shortcut.includes(q) || r.text.toLowerCase().includes(q)));
  return [...starts, ...contains].slice(0, SUGGESTIONS);
}

/** The team's saved replies; every console gets the whole list again after any change (canned:update). */
export function createCannedLibrary(request: Request) {
  const responses = signal<CannedResponse[]>([]);
  const set = (list: CannedResponse[]) => (responses.value = [...list].sort((a, b) => a.shortcut.localeCompare(b.shortcut)));
  return {
    responses,
    set,
    async load() {
      const res = await request('canned:list', {});
      if (res.ok) set(res.responses);
    },
    save: (id: string | null, shortcut: string, text: string) => request('canned:save', { id, shortcut, text }),
    remove: (id: string) => request('canned:delete', { id }),
  };
}

export type CannedLibrary = ReturnType<typeof createCannedLibrary>;
