import { useSignal } from '@preact/signals';
import type { VisitorProfile } from '../../protocol/visitor.ts';
import { KNOWN_FLAGS } from '../../protocol/visitor.ts';
import { ERROR_TEXT, when } from '../format.ts';
import type { Workspace } from '../workspace.ts';
import { flagLabel } from './FlagChips.tsx';
import { Isolated } from './Isolated.tsx';

const MAX_LABEL = 40;

/** Flags on the visitor, kept across their conversations: who set each and when; add and remove. */
export function VisitorFlags({ ws, v }: { ws: Workspace; v: VisitorProfile }) {
  const label = useSignal('');
  const error = useSignal<string | null>(null);
  const has = new Set(v.flags.map((f) => f.label));

  const change = async (name: string, on: boolean) => {
    error.value = null;
    const failed = await ws.flag(v.id, name, on);
    if (failed) error.value = ERROR_TEXT[failed];
    return !failed;
  };
  const addLabel = async (e: Event) => {
    e.preventDefault();
    const text = label.value.trim();
    if (text && (await change(text, true))) label.value = '';
  };

  return (
    <section aria-labelledby="flags-title">
      <h2 id="flags-title">Flags</h2>
      {v.flags.length === 0 ? (
        <p class="muted">None.</p>
      ) : (
        <ul class="flag-list">
          {v.flags.map((f) => (
            <li key={f.label}>
              <span class={`flag ${(KNOWN_FLAGS as readonly string[]).includes(f.label) ? f.label : 'label'}`}><Isolated text={flagLabel(f.label)} />
              </span>{' '}
              <span class="muted">
                by <Isolated text={f.setBy.name} />, {when(f.at)}
              </span>{' '}
              <button type="button" class="secondary small" aria-label={`Remove ${flagLabel(f.label)}`} onClick={() => void change(f.label, false)}>
                Remove
              </button>
            </li>
          ))}
        </ul>
      )}
      <div class="buttons">
        {KNOWN_FLAGS.filter((k) => !has.has(k)).map((k) => (
          <button key={k} type="button" class="secondary small" onClick={() => void change(k, true)}>
            Mark {flagLabel(k)}
          </button>
        ))}
      </div>
      <form class="inline" onSubmit={addLabel}>
        <label for="flag-label">New label</label>
        <input id="flag-label" maxLength={MAX_LABEL} value={label.value} onInput={(e) => (label.value = e.currentTarget.value)} />
        <button type="submit" class="secondary small">
          Add
        </button>
      </form>
      {error.value && (
        <p class="error" role="alert">
          {error.value}
        </p>
      )}
    </section>
  );
}
