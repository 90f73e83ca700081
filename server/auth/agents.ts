import { z } from 'zod';
import { MAX_EMAIL_CHARS, MAX_NAME_CHARS, type AgentProfile } from '../../protocol/index.ts';
import type { Store } from '../store/store.ts';
import { hashPassword } from './password.ts';

export const MIN_PASSWORD_CHARS = 8;

export const NewAgentSchema = z.object({
  email: z.string().trim().toLowerCase().max(MAX_EMAIL_CHARS).pipe(z.email({ error: 'is not a valid e-mail address' })),
  password: z
    .string()
    .min(MIN_PASSWORD_CHARS, `must be at least ${MIN_PASSWORD_CHARS} characters`)
    .max(256, 'must be at most 256 characters'),
  name: z.string().trim().min(1, 'must not be empty').max(MAX_NAME_CHARS, `must be at most ${MAX_NAME_CHARS} characters`),
});
export type NewAgent = z.input<typeof NewAgentSchema>;

export class AgentInputError extends Error {
  override name = 'AgentInputError';
}

/**
 * Creates an agent account: validates, hashes the password with scrypt, refuses an e-mail already taken.
 * The one path `parley agent add` and the tests both use. Throws AgentInputError with a readable message.
 */
export async function addAgent(store: Store, input: NewAgent): Promise<AgentProfile> {
  const parsed = NewAgentSchema.safeParse(input);
  if (!parsed.success) {
    throw new AgentInputError(parsed.error.issues.map((i) => `--${i.path.join('.')} ${i.message}`).join('; '));
  }
  const { email, password, name } = parsed.data;
  if (await store.findAgentByEmail(email)) throw new AgentInputError(`an agent with the e-mail ${email} already exists`);
  const passwordHash = await hashPassword(password);
  try {
    const row = await store.createAgent({ email, name, passwordHash });
    return { id: row.id, name: row.name, email: row.email };
  } catch (err) {
    // Two `agent add` runs racing: the unique index has the last word.
    if (await store.findAgentByEmail(email)) throw new AgentInputError(`an agent with the e-mail ${email} already exists`);
    throw err;
  }
}
