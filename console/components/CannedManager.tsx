import { useSignal } from '@preact/signals';
import type { CannedResponse } from '../../protocol/canned.ts';
import { MAX_MESSAGE_CHARS } from '../../protocol/limits.ts';
import { normalizeShortcut } from '../../protocol/canned-text.ts';
import { ERROR_TEXT } from '../format.ts';
import type { Workspace } from '../workspace.ts';
import { Dialog, DialogFooter } from './Dialog.tsx';

const SHORTCUT_RULE = 'A shortcut is 1–32 lower-case letters, digits, “-” or “_”, starting with a letter or digit.';

function Editor({ ws, editing, onDone }: { ws: Workspace; editing: CannedResponse | null; onDone: () => void }) {
  const shortcut = useSignal(editing?.shortcut ?? '');
  const text = useSignal(editing?.text ?? '');
  const error = useSignal<string | null>(null);
  const busy = useSignal(false);

  const save = async (e: Event) => {
    e.preventDefault();
    const key = normalizeShortcut(shortcut.value.replace(/^\//, ''));
    if (!key) return void (error.value = SHORTCUT_RULE);
    if (!text.value.trim()) return void (error.value = 'Write the reply text.');
    busy.value = true;
    const res = await ws.canned.save(editing?.id ?? null, key, text.value.trim());
    busy.value = false;
    if (!res.ok) return void (error.value = res.error === 'conflict' ? `/${key} is taken: choose another shortcut.` : ERROR_TEXT[res.error]);
    onDone();
  };

  return (
    <form class="stack" onSubmit={save} aria-label={editing ? `Edit /${editing.shortcut}` : 'New saved reply'}>
      <label>
        Shortcut
        <input value={shortcut.value} maxLength={33} autocomplete="off" spellcheck={false} onInput={(e) => (shortcut.value = e.currentTarget.value)} />
      </label>
      <label>
        Text
        <textarea rows={4} maxLength={MAX_MESSAGE_CHARS} value={text.value} onInput={(e) => (text.value = e.currentTarget.value)} />
      </label>
      <p class="hint">{'{visitor.name}'} and {'{agent.name}'} are filled in when the reply is inserted.</p>
      <DialogFooter error={error.value} closeLabel="Cancel" onClose={onDone}>
        <button type="submit" disabled={busy.value}>
          Save
        </button>
      </DialogFooter>
    </form>
  );
}

/** The team's saved replies: list, add, edit, delete. Every console sees a change at once. */
export function CannedManager({ ws, onClose }: { ws: Workspace; onClose: () => void }) {
  /** undefined: the list; null: a new one; a response: editing it. */
  const editing = useSignal<CannedResponse | null | undefined>(undefined);
  const confirming = useSignal<string | null>(null);
  const error = useSignal<string | null>(null);
  const responses = ws.canned.responses.value;

  const remove = async (id: string) => {
    const res = await ws.canned.remove(id);
    confirming.value = null;
    error.value = res.ok ? null : ERROR_TEXT[res.error];
  };

  return (
    <Dialog title="Saved replies" onClose={onClose}>
      {editing.value !== undefined ? (
        <Editor key={editing.value?.id ?? 'new'} ws={ws} editing={editing.value} onDone={() => (editing.value = undefined)} />
      ) : (
        <>
          <p class="hint">Type “/” and a shortcut at the start of a reply to insert one.</p>
          {responses.length === 0 && <p class="muted">No saved replies yet.</p>}
          <ul class="canned-list">
            {responses.map((r) => (
              <li key={r.id}>
                <span class="shortcut">/{r.shortcut}</span>
                <span class="text">{r.text}</span>
                <span class="buttons">
                  {confirming.value === r.id ? (
                    <>
                      <button type="button" class="danger small" onClick={() => void remove(r.id)}>
                        Yes, delete /{r.shortcut}
                      </button>
                      <button type="button" class="secondary small" onClick={() => (confirming.value = null)}>
                        Keep
                      </button>
                    </>
                  ) : (
                    <>
                      <button type="button" class="secondary small" aria-label={`Edit /${r.shortcut}`} onClick={() => (editing.value = r)}>
                        Edit
                      </button>
                      <button type="button" class="secondary small" aria-label={`Delete /${r.shortcut}`} onClick={() => (confirming.value = r.id)}>
                        Delete
                      </button>
                    </>
                  )}
                </span>
              </li>
            ))}
          </ul>
          <DialogFooter error={error.value} closeLabel="Close" onClose={onClose}>
            <button type="button" onClick={() => (editing.value = null)}>
              New saved reply
            </button>
          </DialogFooter>
        </>
      )}
    </Dialog>
  );
}
