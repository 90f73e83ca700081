import { z } from 'zod';
import { AgentRoleSchema, MAX_EMAIL_CHARS, MAX_NAME_CHARS, type AgentProfile } from '../../protocol/index.ts';
import type { AgentRow, Store } from '../store/store.ts';
import { hashPassword } from './password.ts';

export const MIN_PASSWORD_CHARS = 8;

export const NewAgentSchema = z.object({
  email: z.string().trim().toLowerCase().max(MAX_EMAIL_CHARS).pipe(z.email({ error: 'is not a valid e-mail address' })),
  password: z
    .string()
    .min(MIN_PASSWORD_CHARS, `must be at least ${MIN_PASSWORD_CHARS} characters`)
    .max(256, 'must be at most 256 characters'),
  name: z.string().trim().min(1, 'must not be empty').max(MAX_NAME_CHARS, `must be at most ${MAX_NAME_CHARS} characters`),
  role: AgentRoleSchema.default('agent'),
});
export type NewAgent = z.input<typeof NewAgentSchema>;

export class AgentInputError extends Error {
  override name = 'AgentInputError';
}

/** What the console and the desk know of an account: never its password hash. */
export const agentProfile = (row: AgentRow): AgentProfile => ({ id: row.id, name: row.name, email: row.email, role: row.role });

/**
 * Creates an agent account: validates, hashes the password with scrypt, refuses an e-mail already taken.
 * The one path `parley agent add` and the tests both use. Throws AgentInputError with a readable message.
 * The role asked for is kept, except that an account created while there is no admin is one (the store
 * decides, so two first accounts made at once cannot both miss it).
 */
export async function addAgent(store: Store, input: NewAgent): Promise<AgentProfile> {
  const parsed = NewAgentSchema.safeParse(input);
  if (!parsed.success) {
    throw new AgentInputError(parsed.error.issues.map((i) => `--${i.path.join('.')} ${i.message}`).join('; '));
  }
  const { email, password, name, role } = parsed.data;
  const existing = await store.findAgentByEmail(email);
  if (existing?.removedAt) {
    // The removed row keeps its e-mail: conversations, events and notes still refer to it.
    throw new AgentInputError(`the agent with the e-mail ${email} was removed; removed accounts keep their e-mail, so use another one`);
  }
  if (existing) throw new AgentInputError(`an agent with the e-mail ${email} already exists`);
  const passwordHash = await hashPassword(password);
  try {
    return agentProfile(await store.createAgent({ email, name, passwordHash, role }));
  } catch (err) {
    // Two `agent add` runs racing: the unique index has the last word.
    if (await store.findAgentByEmail(email)) throw new AgentInputError(`an agent with the e-mail ${email} already exists`);
    throw err;
  }
}

/**
 * Removes an agent account (`parley agent remove`), usually from another process than the server: the
 * store ends their sessions at once — every node refuses their next socket event, and each node's session
 * sweep disconnects their consoles within seconds — and their assigned conversations go back to the queue,
 * where the serving nodes' queue watch hands them on. Throws AgentInputError for an unknown e-mail.
 */
export async function removeAgent(
  store: Store,
  email: string,
  now: () => number = Date.now,
): Promise<{ agent: AgentProfile; alreadyRemoved: boolean; requeued: number }> {
  const row = await store.findAgentByEmail(email.trim().toLowerCase());
  if (!row) throw new AgentInputError(`no agent with the e-mail ${email.trim()}`);
  const removed = await store.removeAgent(row.id, now());
  // Also on a second run: a first one that stopped half-way may have left chats with the removed agent.
  let requeued = 0;
  for (const conv of await store.listWaiting()) {
    if (conv.status !== 'assigned' || conv.assignedAgentId !== row.id) continue;
    const back = await store.transition(conv.id, {
      from: ['assigned'],
      to: 'queued',
      onlyIfAssignedTo: row.id,
      actor: { kind: 'system', id: null },
      reason: 'agent removed',
      patch: { assignedAgentId: null, queuedAt: conv.queuedAt ?? now(), contactRequestedAt: null, priority: conv.priority ?? 'normal' },
    });
    if (back) requeued++;
  }
  return { agent: agentProfile(row), alreadyRemoved: !removed, requeued };
}
