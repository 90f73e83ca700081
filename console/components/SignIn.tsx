import { useSignal } from '@preact/signals';
import type { AgentProfile } from '../../protocol/agent.ts';
import { api } from '../api.ts';
import { ERROR_TEXT } from '../format.ts';
import { ErrorLine } from './Dialog.tsx';

export function SignIn({ onSignedIn }: { onSignedIn: (agent: AgentProfile) => void }) {
  const email = useSignal('');
  const password = useSignal('');
  const busy = useSignal(false);
  const error = useSignal<string | null>(null);

  const submit = async (e: Event) => {
    e.preventDefault();
    busy.value = true;
    error.value = null;
    const res = await api.login(email.value.trim(), password.value);
    busy.value = false;
    if (res.ok) return onSignedIn(res.value.agent);
    error.value = res.error === 'unauthorized' || res.error === 'invalid_payload' ? 'Wrong email or password.' : ERROR_TEXT[res.error];
  };

  return (
    <main class="signin">
      <form onSubmit={submit} aria-labelledby="signin-title">
        <h1 id="signin-title">Parley agent console</h1>
        <label>
          Email
          <input type="email" name="email" autocomplete="username" required value={email} onInput={(e) => (email.value = e.currentTarget.value)} />
        </label>
        <label>
          Password
          <input type="password" name="password" autocomplete="current-password" required value={password} onInput={(e) => (password.value = e.currentTarget.value)} />
        </label>
        <ErrorLine text={error.value} />
        <button type="submit" disabled={busy.value}>
          Sign in
        </button>
      </form>
    </main>
  );
}
