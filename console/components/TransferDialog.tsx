import { useSignal } from '@preact/signals';
import type { ConversationSummary } from '../../protocol/conversation.ts';
import { ERROR_TEXT, visitorName } from '../format.ts';
import { Isolated } from './Isolated.tsx';
import type { Workspace } from '../workspace.ts';
import { Dialog, DialogFooter } from './Dialog.tsx';

const MAX_NOTE = 1000;

/** Hands my conversation to a colleague who is online and available, with a note only agents see. */
export function TransferDialog({ ws, c, onClose }: { ws: Workspace; c: ConversationSummary; onClose: () => void }) {
  const targets = ws.roster.transferTargets.value;
  const max = ws.roster.settings.value?.maxChats;
  const to = useSignal<string | null>(null);
  const note = useSignal('');
  const busy = useSignal(false);
  const error = useSignal<string | null>(null);

  // A colleague who went away meanwhile drops out of the list, and out of the choice.
  const chosen = targets.some((a) => a.id === to.value) ? to.value : null;

  const submit = async (e: Event) => {
    e.preventDefault();
    if (!chosen) return void (error.value = 'Choose who takes it over.');
    busy.value = true;
    error.value = null;
    const failed = await ws.transfer(c.id, chosen, note.value);
    busy.value = false;
    if (failed) error.value = ERROR_TEXT[failed];
    else onClose();
  };

  return (
    <Dialog title="Transfer" about={visitorName(c.visitor)} onClose={onClose}>
      <form class="stack" onSubmit={submit}>
        {targets.length === 0 ? (
          <p>Nobody else is available right now.</p>
        ) : (
          <fieldset>
            <legend>To</legend>
            {targets.map((a) => (
              <label key={a.id} class="check">
                <input type="radio" name="to" value={a.id} checked={chosen === a.id} onChange={() => (to.value = a.id)} />
                <Isolated text={a.name} /> <span class="muted">({max ? `${a.chats}/${max}` : a.chats} chats)</span>
              </label>
            ))}
          </fieldset>
        )}
        <label>
          Note for them (optional)
          <textarea rows={3} maxLength={MAX_NOTE} value={note.value} onInput={(e) => (note.value = e.currentTarget.value)} />
        </label>
        <DialogFooter error={error.value} closeLabel="Cancel" onClose={onClose}>
          <button type="submit" disabled={busy.value || targets.length === 0}>
            Transfer
          </button>
        </DialogFooter>
      </form>
    </Dialog>
  );
}
