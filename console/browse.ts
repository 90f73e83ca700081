import { signal } from '@preact/signals';
import type { SearchHit } from '../protocol/agent-events.ts';
import type { ConversationSummary } from '../protocol/conversation.ts';
import type { ErrorCode } from '../protocol/errors.ts';
import type { Request } from './socket.ts';

export type PagedView = 'bot' | 'resolved';

interface Paged<T> {
  items: T[];
  next: string | null;
  loading: boolean;
  error: ErrorCode | null;
}
const empty = <T,>(): Paged<T> => ({ items: [], next: null, loading: false, error: null });

/**
 * The lists that are not pushed live — the bot's conversations (a busy shop has too many) and the resolved
 * ones — and search over message text: fetched a page at a time, reloaded whenever they are shown.
 */
export function createBrowser(request: Request) {
  const view = signal<PagedView | null>(null);
  const page = signal<Paged<ConversationSummary>>(empty());
  const query = signal('');
  const results = signal<Paged<SearchHit>>(empty());
  // Only the answer to the latest request counts: a slow first page must not overwrite a newer one.
  let pageRun = 0;
  let searchRun = 0;

  const loadPage = async (more: boolean) => {
    const shown = view.value;
    if (!shown) return;
    const run = ++pageRun;
    const cursor = more ? page.value.next : null;
    page.value = { ...(more ? page.value : empty()), loading: true, error: null };
    const res = await request('conversations:page', { view: shown, cursor });
    if (run !== pageRun) return;
    page.value = res.ok
      ? { items: more ? [...page.value.items, ...res.conversations] : res.conversations, next: res.next, loading: false, error: null }
      : { ...page.value, loading: false, error: res.error };
  };

  const loadResults = async (more: boolean) => {
    const q = query.value.trim();
    const run = ++searchRun;
    if (q.length < 2) return void (results.value = empty());
    results.value = { ...(more ? results.value : empty()), loading: true, error: null };
    const res = await request('conversations:search', { query: q, cursor: more ? results.value.next : null });
    if (run !== searchRun) return;
    results.value = res.ok
      ? { items: more ? [...results.value.items, ...res.results] : res.results, next: res.next, loading: false, error: null }
      : { ...results.value, loading: false, error: res.error };
  };

  return {
    view,
    page,
    query,
    results,
    show(next: PagedView | null) {
      view.value = next;
      page.value = empty();
      if (next) void loadPage(false);
    },
    reload: () => loadPage(false),
    more: () => loadPage(true),
    search(text: string) {
      query.value = text;
      return loadResults(false);
    },
    moreResults: () => loadResults(true),
    /** A pushed change: shown rows stay current; one that left this view (the bot's, now queued) goes. */
    upsert(c: ConversationSummary) {
      const items = page.value.items;
      const i = items.findIndex((x) => x.id === c.id);
      if (i >= 0) page.value = { ...page.value, items: c.status === view.value ? items.map((x) => (x.id === c.id ? c : x)) : items.filter((x) => x.id !== c.id) };
      if (results.value.items.some((h) => h.conversation.id === c.id)) {
        results.value = { ...results.value, items: results.value.items.map((h) => (h.conversation.id === c.id ? { ...h, conversation: c } : h)) };
      }
    },
  };
}

export type Browser = ReturnType<typeof createBrowser>;
