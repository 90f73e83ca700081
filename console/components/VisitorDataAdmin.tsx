import { useSignal } from '@preact/signals';
import type { ErasedView } from '../../protocol/admin.ts';
import { adminApi } from '../api.ts';
import { adminErrorText } from '../admin-errors.ts';
import { ErrorLine } from './Dialog.tsx';

/** Saves `data` as a JSON file through the browser's download. */
function download(name: string, data: unknown) {
  const url = URL.createObjectURL(new Blob([JSON.stringify(data, null, 2)], { type: 'application/json' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

const describe = (e: ErasedView) =>
  `${e.visitors} visitor record${e.visitors === 1 ? '' : 's'}, ${e.conversations} conversation${e.conversations === 1 ? '' : 's'}, ${e.messages} message${e.messages === 1 ? '' : 's'}, ${e.notes} note${e.notes === 1 ? '' : 's'}`;

/** Admins: answer a visitor's request for their data (download) or its deletion (with confirmation). */
export function VisitorDataAdmin() {
  const email = useSignal('');
  const confirming = useSignal(false);
  const error = useSignal<string | null>(null);
  const done = useSignal<string | null>(null);
  const busy = useSignal(false);

  const failed = (code: Parameters<typeof adminErrorText>[0]) => (error.value = adminErrorText(code, { invalid_payload: 'That is not an e-mail address.' }));

  const exportData = async (e: Event) => {
    e.preventDefault();
    error.value = done.value = null;
    busy.value = true;
    const res = await adminApi.exportVisitor(email.value.trim());
    busy.value = false;
    if (!res.ok) return failed(res.error);
    const found = (res.value.data as { visitors: unknown[] }).visitors.length;
    if (found === 0) return void (done.value = `No visitor gave the e-mail ${email.value.trim()}.`);
    download(`parley-visitor-${email.value.trim().replace(/[^\w.@-]+/g, '_')}.json`, res.value.data);
    done.value = 'Downloaded.';
  };

  const erase = async () => {
    confirming.value = false;
    error.value = done.value = null;
    busy.value = true;
    const res = await adminApi.eraseVisitor(email.value.trim());
    busy.value = false;
    if (!res.ok) return failed(res.error);
    done.value = res.value.erased.visitors === 0 ? `No visitor gave the e-mail ${email.value.trim()}.` : `Deleted: ${describe(res.value.erased)}.`;
  };

  return (
    <form class="stack" onSubmit={exportData} aria-label="Visitor data">
      <p>Everything Parley holds about the visitors who gave an e-mail address (in the message form, or from your site): their conversations, messages, notes, ratings and flags.</p>
      <label>
        Visitor's e-mail
        <input
          type="email"
          required
          value={email.value}
          onInput={(e) => {
            email.value = e.currentTarget.value;
            confirming.value = false;
          }}
        />
      </label>
      <ErrorLine text={error.value} />
      {done.value && <p role="status">{done.value}</p>}
      <div class="buttons">
        <button type="submit" disabled={busy.value}>
          Download their data
        </button>
        {confirming.value ? (
          <>
            <button type="button" class="danger" disabled={busy.value} onClick={() => void erase()}>
              Yes, delete everything about them
            </button>
            <button type="button" class="secondary" onClick={() => (confirming.value = false)}>
              Keep
            </button>
          </>
        ) : (
          <button type="button" class="secondary" disabled={!email.value.trim()} onClick={() => (confirming.value = true)}>
            Delete their data…
          </button>
        )}
      </div>
      {confirming.value && <p class="hint">This cannot be undone. Download first if they asked for a copy.</p>}
    </form>
  );
}
