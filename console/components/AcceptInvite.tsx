import { useSignal } from '@preact/signals';
import { useEffect } from 'preact/hooks';
import type { AgentProfile } from '../../protocol/agent.ts';
import { api } from '../api.ts';
import { ERROR_TEXT } from '../format.ts';
import { ErrorLine } from './Dialog.tsx';

const MIN_PASSWORD = 8;

/** The invitation link's token, from `#invite=…` (a fragment: never sent to the server with the page). */
export function inviteToken(): string | null {
  const m = /^#invite=([A-Za-z0-9_-]{20,100})$/.exec(location.hash);
  return m ? m[1]! : null;
}

/** Forgets the token in the address bar and history, once used or found dead. */
function dropToken() {
  history.replaceState(null, '', location.pathname + location.search);
}

/** An invited agent's first visit: shows whom the link is for, sets the password, signs in. */
export function AcceptInvite({ token, onSignedIn, onDone }: { token: string; onSignedIn: (agent: AgentProfile) => void; onDone: () => void }) {
  const agent = useSignal<AgentProfile | null | undefined>(undefined);
  const password = useSignal('');
  const again = useSignal('');
  const busy = useSignal(false);
  const error = useSignal<string | null>(null);

  useEffect(() => {
    void api.invitation(token).then((res) => (agent.value = res.ok ? res.value.agent : null));
  }, [token]);

  const submit = async (e: Event) => {
    e.preventDefault();
    if (password.value.length < MIN_PASSWORD) return void (error.value = `Choose a password of at least ${MIN_PASSWORD} characters.`);
    if (password.value !== again.value) return void (error.value = 'The two passwords differ.');
    busy.value = true;
    error.value = null;
    const res = await api.acceptInvitation(token, password.value);
    busy.value = false;
    if (res.ok) {
      dropToken();
      return onSignedIn(res.value.agent);
    }
    error.value = res.error === 'not_found' ? 'This invitation link was already used or has expired. Ask an admin for a new one.' : ERROR_TEXT[res.error];
  };

  if (agent.value === undefined) return <p class="loading">Loading…</p>;
  if (agent.value === null) {
    return (
      <main class="signin">
        <div class="stack" role="alert">
          <h1>Invitation link not valid</h1>
          <p>It was already used, replaced by a newer one, or has expired. Ask an admin of your team for a new link.</p>
          <button
            type="button"
            onClick={() => {
              dropToken();
              onDone();
            }}
          >
            Go to sign in
          </button>
        </div>
      </main>
    );
  }
  return (
    <main class="signin">
      <form onSubmit={submit} aria-labelledby="invite-title">
        <h1 id="invite-title">Welcome to Parley, {agent.value.name}</h1>
        <p>
          Choose a password for <strong>{agent.value.email}</strong>. You will be signed in at once.
        </p>
        <input type="email" name="email" autocomplete="username" value={agent.value.email} hidden readOnly />
        <label>
          New password
          <input type="password" autocomplete="new-password" required minLength={MIN_PASSWORD} value={password} onInput={(e) => (password.value = e.currentTarget.value)} />
        </label>
        <label>
          Repeat the password
          <input type="password" autocomplete="new-password" required value={again} onInput={(e) => (again.value = e.currentTarget.value)} />
        </label>
        <ErrorLine text={error.value} />
        <button type="submit" disabled={busy.value}>
          Set password and sign in
        </button>
      </form>
    </main>
  );
}
