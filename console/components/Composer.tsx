import { useSignal } from '@preact/signals';
import { useRef } from 'preact/hooks';
import type { CannedResponse } from '../../protocol/canned.ts';
import type { ConversationSummary } from '../../protocol/conversation.ts';
import { MAX_MESSAGE_CHARS } from '../../protocol/limits.ts';
import { fillCanned, unfilledVariables } from '../../protocol/canned-text.ts';
import { matchCanned } from '../canned.ts';
import { ERROR_TEXT } from '../format.ts';
import type { Workspace } from '../workspace.ts';
import { CannedSuggestions, SUGGESTIONS_ID, suggestionId } from './CannedSuggestions.tsx';

/** Typing stops counting after this long without a keystroke. */
const TYPING_IDLE_MS = 3000;
/** "/" then a word at the very start of the reply: the agent is looking for a saved reply. */
const SLASH = /^\/(\S*)$/;

type Mode = 'reply' | 'note';

const placeholderWarning = (names: string[]) => `Replace ${names.join(' and ')} before sending: that name is not known.`;

/**
 * The reply box, and a second mode for private notes. Saved replies are inserted for editing, never sent
 * by the key that picked them: sending is always a separate Enter or click.
 */
export function Composer({ ws, c }: { ws: Workspace; c: ConversationSummary }) {
  const mode = useSignal<Mode>('reply');
  const drafts = useSignal<Record<Mode, string>>(ws.drafts.get(c.id) ?? { reply: '', note: '' });
  const active = useSignal(0);
  /** The draft the agent closed the suggestions on (Escape): they stay closed until it changes. */
  const dismissed = useSignal<string | null>(null);
  const problem = useSignal<string | null>(null);
  const box = useRef<HTMLTextAreaElement>(null);
  const typingTimer = useRef<ReturnType<typeof setTimeout> | null>(null);

  const me = ws.me.value;
  const mine = c.status === 'assigned' && c.assignedAgent?.id === me.id;
  const draft = drafts.value[mode.value];
  const enabled = mode.value === 'note' || mine;
  const slash = mode.value === 'reply' && dismissed.value !== draft ? SLASH.exec(draft) : null;
  const matches = slash ? matchCanned(ws.canned.responses.value, slash[1]!) : [];

  const setDraft = (text: string) => {
    drafts.value = { ...drafts.value, [mode.value]: text };
    ws.drafts.set(c.id, drafts.value);
    if (problem.value && !unfilledVariables(text).length) problem.value = null;
  };
  const stopTyping = () => {
    if (!typingTimer.current) return;
    clearTimeout(typingTimer.current);
    typingTimer.current = null;
    ws.typing(c.id, false);
  };
  const onInput = (text: string) => {
    setDraft(text);
    active.value = 0;
    if (mode.value !== 'reply' || !mine) return;
    if (!typingTimer.current) ws.typing(c.id, true);
    else clearTimeout(typingTimer.current);
    typingTimer.current = setTimeout(stopTyping, TYPING_IDLE_MS);
  };

  const pick = (r: CannedResponse) => {
    const text = fillCanned(r.text, { 'visitor.name': c.visitor.name, 'agent.name': me.name });
    setDraft(text);
    const left = unfilledVariables(text);
    problem.value = left.length ? placeholderWarning(left) : null;
    const el = box.current;
    if (el) {
      el.focus();
      // The caret after the inserted text, ready for editing; the DOM value updates on the next render.
      requestAnimationFrame(() => el.setSelectionRange(el.value.length, el.value.length));
    }
  };

  const submit = async (e?: Event) => {
    e?.preventDefault();
    const text = draft.trim();
    if (!text || !enabled) return;
    if (mode.value === 'note') {
      const failed = await ws.addNote(c.id, text);
      if (failed) return void (problem.value = ERROR_TEXT[failed]);
      setDraft('');
      return;
    }
    const left = unfilledVariables(text);
    if (left.length) return void (problem.value = placeholderWarning(left));
    ws.send(c.id, text);
    setDraft('');
    stopTyping();
  };

  const onKeyDown = (e: KeyboardEvent) => {
    if (e.isComposing) return;
    if (slash) {
      // While suggestions are open, Enter and Tab pick one: they never send.
      if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
        e.preventDefault();
        if (matches.length) active.value = (active.value + (e.key === 'ArrowDown' ? 1 : matches.length - 1)) % matches.length;
      } else if ((e.key === 'Enter' && !e.shiftKey) || (e.key === 'Tab' && matches.length)) {
        e.preventDefault();
        const chosen = matches[Math.min(active.value, matches.length - 1)];
        if (chosen) pick(chosen);
      } else if (e.key === 'Escape') {
        e.preventDefault();
        dismissed.value = draft;
      }
      return;
    }
    if (e.key === 'Enter' && !e.shiftKey) void submit(e);
  };

  const label = mode.value === 'reply' ? 'Reply' : 'Private note';
  const placeholder =
    mode.value === 'note'
      ? 'A note for agents — the visitor never sees it'
      : mine
        ? 'Write a reply — Enter sends, Shift+Enter for a new line, / for saved replies'
        : c.status === 'resolved'
          ? 'Follow up to write to the visitor again'
          : 'Take over the conversation to reply';

  const picker = useRef<HTMLInputElement>(null);
  const attach = (files: File[]) => {
    if (files.length && mine) ws.sendFiles(c.id, files);
  };

  return (
    <form
      class={`composer ${mode.value}`}
      onSubmit={(e) => void submit(e)}
      onDragOver={(e) => {
        if (mine && e.dataTransfer?.types.includes('Files')) e.preventDefault();
      }}
      onDrop={(e) => {
        const files = [...(e.dataTransfer?.files ?? [])];
        if (!files.length) return;
        e.preventDefault();
        attach(files);
      }}
    >
      <div class="modes" role="group" aria-label="Write">
        {(['reply', 'note'] as const).map((m) => (
          <button key={m} type="button" class="mode" aria-pressed={mode.value === m} onClick={() => {
              mode.value = m;
              problem.value = null;
            }}>
            {m === 'reply' ? 'Reply' : 'Note'}
          </button>
        ))}
      </div>
      {slash && <CannedSuggestions query={slash[1]!} matches={matches} active={active.value} onPick={pick} />}
      <div class="write">
        <label class="visually-hidden" for="composer-text">
          {label}
        </label>
        <textarea
          id="composer-text"
          ref={box}
          rows={3}
          maxLength={MAX_MESSAGE_CHARS}
          disabled={!enabled}
          placeholder={placeholder}
          value={draft}
          aria-autocomplete={mode.value === 'reply' ? 'list' : undefined}
          aria-controls={slash ? SUGGESTIONS_ID : undefined}
          aria-activedescendant={slash && matches.length ? suggestionId(Math.min(active.value, matches.length - 1)) : undefined}
          aria-describedby={problem.value ? 'composer-problem' : undefined}
          onInput={(e) => onInput(e.currentTarget.value)}
          onKeyDown={onKeyDown}
          onBlur={stopTyping}
          onPaste={(e) => {
            const files = [...(e.clipboardData?.files ?? [])];
            if (!files.length || mode.value !== 'reply') return;
            e.preventDefault();
            attach(files);
          }}
        />
        {mode.value === 'reply' && (
          <>
            <input
              ref={picker}
              type="file"
              class="visually-hidden"
              tabIndex={-1}
              aria-hidden="true"
              multiple
              accept="image/jpeg,image/png,image/webp,image/gif,application/pdf"
              onChange={(e) => {
                attach([...(e.currentTarget.files ?? [])]);
                e.currentTarget.value = '';
              }}
            />
            <button type="button" class="secondary attach" disabled={!mine} title="Pictures (JPEG, PNG, WebP, GIF) or PDF, up to 10 MB; or drop or paste them here" onClick={() => picker.current?.click()}>
              Attach
            </button>
          </>
        )}
        <button type="submit" disabled={!enabled}>
          {mode.value === 'reply' ? 'Send' : 'Add note'}
        </button>
      </div>
      {problem.value && (
        <p class="error" id="composer-problem" role="alert">
          {problem.value}
        </p>
      )}
    </form>
  );
}
