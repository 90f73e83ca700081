import { useSignal } from '@preact/signals';
import { useRef } from 'preact/hooks';
import type { ConversationSummary } from '../../protocol/conversation.ts';
import type { PagedView } from '../browse.ts';
import { ERROR_TEXT } from '../format.ts';
import type { Workspace } from '../workspace.ts';
import { ConversationRow } from './ConversationRow.tsx';

type Filter = 'mine' | 'queued' | 'offline' | 'open' | PagedView;

const FILTERS: Array<{ id: Filter; label: string; empty: string }> = [
  { id: 'mine', label: 'Mine', empty: 'No conversations assigned to you.' },
  { id: 'queued', label: 'Waiting', empty: 'Nobody is waiting for a person.' },
  { id: 'offline', label: 'Left a message', empty: 'No messages left.' },
  { id: 'open', label: 'All open', empty: 'No open conversations. New handoffs appear here.' },
  { id: 'bot', label: 'With the bot', empty: 'Nobody is chatting with the bot right now.' },
  { id: 'resolved', label: 'Resolved', empty: 'Nothing resolved yet.' },
];
const SEARCH_DELAY_MS = 300;
const isPaged = (f: Filter): f is PagedView => f === 'bot' || f === 'resolved';

/** Every list an agent works from, filtered, and search over what visitors and agents wrote. */
export function ConversationList({ ws, onOpen }: { ws: Workspace; onOpen: (id: string) => void }) {
  const filter = useSignal<Filter>('open');
  const typed = useSignal('');
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const { waiting, browser } = ws;
  const meId = ws.me.value.id;
  const selectedId = ws.conversation.id.value;

  const live: Record<Exclude<Filter, PagedView>, ConversationSummary[]> = {
    mine: waiting.mine.value,
    queued: waiting.queued.value,
    offline: waiting.offline.value,
    open: waiting.all.value,
  };
  const choose = (f: Filter) => {
    filter.value = f;
    // The bot's and the resolved lists are not pushed live: showing one fetches it afresh.
    browser.show(isPaged(f) ? f : null);
  };
  const onSearch = (text: string) => {
    typed.value = text;
    if (timer.current) clearTimeout(timer.current);
    timer.current = setTimeout(() => void browser.search(text), SEARCH_DELAY_MS);
  };
  const takeOver = async (id: string) => {
    if (await ws.claim(id)) await onOpen(id);
  };
  const rowProps = (c: ConversationSummary) => ({ c, meId, selected: c.id === selectedId, onOpen, onTakeOver: (id: string) => void takeOver(id) });

  const searching = typed.value.trim().length > 0;
  const current = FILTERS.find((f) => f.id === filter.value)!;
  const paged = browser.page.value;
  const results = browser.results.value;

  return (
    <nav class="queue" aria-label="Conversations">
      <form
        class="search"
        role="search"
        onSubmit={(e) => {
          e.preventDefault();
          void browser.search(typed.value);
        }}
      >
        <label for="search">Search messages</label>
        <input id="search" type="search" value={typed.value} maxLength={100} onInput={(e) => onSearch(e.currentTarget.value)} />
      </form>
      {!searching && (
        <div class="filters" role="group" aria-label="Show">
          {FILTERS.map((f) => {
            const count = isPaged(f.id) ? null : live[f.id].length;
            return (
              <button key={f.id} type="button" class="filter" aria-pressed={filter.value === f.id} onClick={() => choose(f.id)}>
                {f.label}
                {count !== null && <span class="count"> {count}</span>}
              </button>
            );
          })}
        </div>
      )}
      {searching ? (
        <section aria-label="Search results">
          {typed.value.trim().length < 2 && <p class="empty">Type at least two characters.</p>}
          {results.error && <p class="error">{ERROR_TEXT[results.error]}</p>}
          <ul>
            {results.items.map((h) => (
              <ConversationRow key={`${h.conversation.id}-${h.match.seq}`} {...rowProps(h.conversation)} match={{ text: h.match.text, query: browser.query.value }} />
            ))}
          </ul>
          {!results.loading && !results.error && typed.value.trim().length >= 2 && browser.query.value === typed.value && results.items.length === 0 && (
            <p class="empty">No message contains “{typed.value.trim()}”.</p>
          )}
          {results.next && (
            <button type="button" class="secondary more" disabled={results.loading} onClick={() => void browser.moreResults()}>
              More results
            </button>
          )}
        </section>
      ) : (
        <section aria-label={current.label}>
          {isPaged(filter.value) && (
            <button type="button" class="link refresh" disabled={paged.loading} onClick={() => void browser.reload()}>
              Refresh
            </button>
          )}
          {paged.error && isPaged(filter.value) && <p class="error">{ERROR_TEXT[paged.error]}</p>}
          <ul>
            {(isPaged(filter.value) ? paged.items : live[filter.value]).map((c) => (
              <ConversationRow key={c.id} {...rowProps(c)} />
            ))}
          </ul>
          {(isPaged(filter.value) ? !paged.loading && paged.items.length === 0 : live[filter.value].length === 0) && <p class="empty">{current.empty}</p>}
          {isPaged(filter.value) && paged.loading && <p class="empty">Loading…</p>}
          {isPaged(filter.value) && paged.next && (
            <button type="button" class="secondary more" disabled={paged.loading} onClick={() => void browser.more()}>
              Load more
            </button>
          )}
        </section>
      )}
    </nav>
  );
}
