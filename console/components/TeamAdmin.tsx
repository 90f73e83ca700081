import { useSignal } from '@preact/signals';
import { useEffect } from 'preact/hooks';
import type { InviteLink, TeamMember } from '../../protocol/admin.ts';
import type { AgentRole } from '../../protocol/agent.ts';
import { MAX_NAME_CHARS } from '../../protocol/limits.ts';
import { adminApi } from '../api.ts';
import { adminErrorText } from '../admin-errors.ts';
import { when } from '../format.ts';
import { Isolated } from './Isolated.tsx';
import { ErrorLine } from './Dialog.tsx';

const CONFLICT: Record<string, string> = {
  invite: 'An account with that e-mail already exists (removed accounts keep theirs).',
  role: 'Someone must stay admin: make another agent admin first.',
  remove: 'You cannot remove yourself: ask another admin.',
  reinvite: 'This agent has already set a password.',
};

/** A new invitation link, to copy and pass on; shown once (the server keeps only its hash). */
function LinkBox({ name, link }: { name: string; link: InviteLink }) {
  return (
    <div class="invite-link" role="status">
      <p>
        Send this link to <Isolated text={name} />. It works once, until {when(link.expiresAt)}:
      </p>
      <input readOnly aria-label={`Invitation link for ${name}`} value={link.url} onFocus={(e) => e.currentTarget.select()} />
      <button type="button" class="secondary" onClick={() => void navigator.clipboard?.writeText(link.url)}>
        Copy link
      </button>
    </div>
  );
}

/** Admins: who is on the team, invite someone, change a role, remove someone. */
export function TeamAdmin({ meId }: { meId: string }) {
  const members = useSignal<TeamMember[] | null>(null);
  const error = useSignal<string | null>(null);
  const link = useSignal<{ name: string; link: InviteLink } | null>(null);
  const confirming = useSignal<string | null>(null);
  const email = useSignal('');
  const name = useSignal('');
  const role = useSignal<AgentRole>('agent');
  const busy = useSignal(false);

  const load = async () => {
    const res = await adminApi.team();
    if (res.ok) members.value = res.value.members;
    else error.value = adminErrorText(res.error);
  };
  useEffect(() => void load(), []);

  const fail = (what: keyof typeof CONFLICT, code: Parameters<typeof adminErrorText>[0]) =>
    (error.value = adminErrorText(code, { conflict: CONFLICT[what], invalid_payload: 'Check the e-mail address and the name.', not_found: 'That agent is no longer on the team.' }));

  const invite = async (e: Event) => {
    e.preventDefault();
    busy.value = true;
    error.value = null;
    const res = await adminApi.invite({ email: email.value.trim(), name: name.value.trim(), role: role.value });
    busy.value = false;
    if (!res.ok) return fail('invite', res.error);
    link.value = { name: res.value.member.name, link: res.value.invite };
    email.value = '';
    name.value = '';
    role.value = 'agent';
    await load();
  };
  const reinvite = async (m: TeamMember) => {
    const res = await adminApi.reinvite(m.id);
    if (!res.ok) return fail('reinvite', res.error);
    link.value = { name: m.name, link: res.value.invite };
  };
  const setRole = async (m: TeamMember, next: AgentRole) => {
    error.value = null;
    const res = await adminApi.setRole(m.id, next);
    if (!res.ok) fail('role', res.error);
    await load();
  };
  const remove = async (m: TeamMember) => {
    confirming.value = null;
    error.value = null;
    const res = await adminApi.remove(m.id);
    if (!res.ok) return fail('remove', res.error);
    await load();
  };

  return (
    <section class="stack" aria-label="Team">
      <ErrorLine text={error.value} />
      {link.value && <LinkBox name={link.value.name} link={link.value.link} />}
      <table class="team">
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">E-mail</th>
            <th scope="col">Role</th>
            <th scope="col">
              <span class="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {(members.value ?? []).map((m) => (
            <tr key={m.id}>
              <td>
                <Isolated text={m.name} />
                {m.invited && <span class="badge"> invited</span>}
              </td>
              <td>
                <Isolated text={m.email} />
              </td>
              <td>
                <select aria-label={`Role of ${m.name}`} value={m.role} onChange={(e) => void setRole(m, e.currentTarget.value as AgentRole)}>
                  <option value="agent">Agent</option>
                  <option value="admin">Admin</option>
                </select>
              </td>
              <td class="actions">
                {m.invited && (
                  <button type="button" class="secondary" onClick={() => void reinvite(m)}>
                    New link for {m.name}
                  </button>
                )}
                {m.id !== meId &&
                  (confirming.value === m.id ? (
                    <>
                      <button type="button" class="danger" onClick={() => void remove(m)}>
                        Yes, remove {m.name}
                      </button>
                      <button type="button" class="secondary" onClick={() => (confirming.value = null)}>
                        Keep
                      </button>
                    </>
                  ) : (
                    <button type="button" class="secondary" onClick={() => (confirming.value = m.id)}>
                      Remove {m.name}
                    </button>
                  ))}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <form class="stack" onSubmit={invite} aria-label="Invite an agent">
        <h3>Invite an agent</h3>
        <label>
          Name
          <input required maxLength={MAX_NAME_CHARS} value={name.value} onInput={(e) => (name.value = e.currentTarget.value)} />
        </label>
        <label>
          E-mail
          <input type="email" required value={email.value} onInput={(e) => (email.value = e.currentTarget.value)} />
        </label>
        <label>
          Role
          <select value={role.value} onChange={(e) => (role.value = e.currentTarget.value as AgentRole)}>
            <option value="agent">Agent</option>
            <option value="admin">Admin</option>
          </select>
        </label>
        <p class="hint">Removing someone signs them out everywhere at once; their open chats go back to the queue.</p>
        <div class="buttons">
          <button type="submit" disabled={busy.value}>
            Create invitation link
          </button>
        </div>
      </form>
    </section>
  );
}
