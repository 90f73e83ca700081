import { useSignal } from '@preact/signals';
import { useEffect } from 'preact/hooks';
import type { HoursView } from '../../protocol/admin.ts';
import { adminApi } from '../api.ts';
import { adminErrorText } from '../admin-errors.ts';
import { when } from '../format.ts';
import { ErrorLine } from './Dialog.tsx';

/** Admins: the business hours every node follows (PARLEY_BUSINESS_HOURS until first edited here). */
export function HoursAdmin() {
  const current = useSignal<HoursView | null>(null);
  const spec = useSignal('');
  const zone = useSignal('');
  const error = useSignal<string | null>(null);
  const saved = useSignal(false);
  const busy = useSignal(false);

  const show = (h: HoursView) => {
    current.value = h;
    spec.value = h.spec ?? '';
    zone.value = h.timeZone;
  };
  useEffect(() => {
    void adminApi.hours().then((res) => (res.ok ? show(res.value.hours) : (error.value = adminErrorText(res.error))));
  }, []);

  const save = async (e: Event) => {
    e.preventDefault();
    busy.value = true;
    error.value = null;
    saved.value = false;
    const res = await adminApi.saveHours(spec.value.trim(), zone.value.trim());
    busy.value = false;
    if (!res.ok) {
      error.value = adminErrorText(res.error, {
        invalid_payload: 'Those hours could not be read. Write days then times, like “mon-fri 09:00-17:30; sat 10:00-14:00”, and a time zone such as Europe/Berlin.',
      });
      return;
    }
    show(res.value.hours);
    saved.value = true;
  };

  const h = current.value;
  return (
    <form class="stack" onSubmit={save} aria-label="Business hours">
      {h && (
        <p role="status">
          {h.open ? 'Open now.' : `Closed now${h.opensAt ? ` — opens ${when(h.opensAt)}` : ''}.`} Outside the hours, visitors who ask for a person are offered the message form.
        </p>
      )}
      <label>
        Hours
        <input value={spec.value} placeholder="always open" maxLength={500} spellcheck={false} onInput={(e) => (spec.value = e.currentTarget.value)} />
      </label>
      <p class="hint">Days then times, separated by “;”: mon-fri 09:00-17:30; sat 10:00-14:00. Leave empty to be always open.</p>
      <label>
        Time zone
        <input value={zone.value} required maxLength={100} spellcheck={false} onInput={(e) => (zone.value = e.currentTarget.value)} />
      </label>
      <ErrorLine text={error.value} />
      {saved.value && <p role="status">Saved. Every console and server follows the new hours.</p>}
      <div class="buttons">
        <button type="submit" disabled={busy.value}>
          Save hours
        </button>
      </div>
    </form>
  );
}
