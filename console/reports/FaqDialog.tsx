import { useSignal } from '@preact/signals';
import type { UnansweredGroup } from '../../protocol/reports.ts';
import { call } from '../api.ts';
import { Dialog, DialogFooter } from '../components/Dialog.tsx';
import { ERROR_TEXT } from '../format.ts';
import { draftFrom, intentOf, type FaqDraft } from './draft.ts';

type Field = 'title' | 'examples' | 'answer';

/**
 * "Add to the FAQ": a new intent drafted from one group of unanswered questions. The admin writes the
 * answer in both languages (and examples in both: the pack's schema wants three of each); saving writes
 * the intent file, and the bot answers it once the pack has reloaded.
 */
export function FaqDialog({ group, onClose, onSaved }: { group: UnansweredGroup; onClose: () => void; onSaved: (id: string) => void }) {
  const draft = useSignal<FaqDraft>(draftFrom(group));
  const error = useSignal<string | null>(null);
  const saving = useSignal(false);
  const set = (field: Field | 'id', lang: 'en' | 'zh' | null, value: string) => {
    draft.value = field === 'id' ? { ...draft.value, id: value } : { ...draft.value, [field]: { ...draft.value[field], [lang!]: value } };
  };
  const save = async (e: Event) => {
    e.preventDefault();
    saving.value = true;
    error.value = null;
    const res = await call<{ intent: { id: string } }>('POST', '/api/reports/faq', intentOf(draft.value));
    saving.value = false;
    if (res.ok) onSaved(res.value.intent.id);
    else error.value = res.reason ?? ERROR_TEXT[res.error];
  };
  const d = draft.value;
  const pair = (field: Field, label: string, rows: number) => (
    <fieldset>
      <legend>{label}</legend>
      {(['en', 'zh'] as const).map((lang) => (
        <label key={lang}>
          <span>{lang === 'en' ? 'English' : 'Chinese (简体中文)'}</span>
          {rows === 1 ? (
            <input value={d[field][lang]} maxLength={60} onInput={(e) => set(field, lang, e.currentTarget.value)} required />
          ) : (
            <textarea rows={rows} value={d[field][lang]} onInput={(e) => set(field, lang, e.currentTarget.value)} required />
          )}
        </label>
      ))}
    </fieldset>
  );
  return (
    <Dialog title="Add to the FAQ" onClose={onClose}>
      <form class="stack faq-draft" onSubmit={save}>
        <p class="hint">
          Asked {group.count} time{group.count === 1 ? '' : 's'}. The questions are the intent's examples (one a line, at least three in each language); write the answer the bot
          should give.
        </p>
        <label>
          <span>Intent id</span>
          <input value={d.id} pattern="[a-z][a-z0-9_]{1,48}" title="lower_snake_case, 2–49 characters" onInput={(e) => set('id', null, e.currentTarget.value)} required />
        </label>
        {pair('title', 'Title', 1)}
        {pair('examples', 'Example questions', 4)}
        {pair('answer', 'Answer', 3)}
        <DialogFooter error={error.value} closeLabel="Cancel" onClose={onClose}>
          <button type="submit" disabled={saving.value}>
            Save intent
          </button>
        </DialogFooter>
      </form>
    </Dialog>
  );
}
