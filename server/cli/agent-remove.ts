import { parseArgs } from 'node:util';
import { removeAgent } from '../auth/agents.ts';
import { processConfig, type Config } from '../config.ts';
import { onAgentStore } from './agent-store.ts';
import type { CliCommand, CliIO } from './io.ts';

const USAGE = `Usage: parley agent remove --email E

Removes an agent account from the data directory's database (PARLEY_DATABASE_URL, or the SQLite file in PARLEY_DATA_DIR, default ./data), while
the server runs or not: the agent is signed out everywhere and cannot sign in again, their open consoles
are disconnected within seconds, and their assigned conversations go back to the queue. Their messages
and notes stay in the history under their name.
`;

/** The command with its configuration passed in, so tests run it against their own data directory. */
export async function agentRemove(args: string[], io: CliIO, config: Config): Promise<number> {
  let values: { email?: string; help?: boolean };
  try {
    ({ values } = parseArgs({ args, options: { email: { type: 'string' }, help: { type: 'boolean', short: 'h' } }, strict: true, allowPositionals: false }));
  } catch (err) {
    io.stderr.write(`parley agent remove: ${(err as Error).message}\n\n${USAGE}`);
    return 1;
  }
  if (values.help) {
    io.stdout.write(USAGE);
    return 0;
  }
  if (values.email === undefined) {
    io.stderr.write(`parley agent remove: missing --email\n\n${USAGE}`);
    return 1;
  }

  return onAgentStore('agent remove', config, io, async (store) => {
    const { agent, alreadyRemoved, requeued } = await removeAgent(store, values.email!);
    const chats = requeued === 0 ? '' : ` ${requeued} conversation${requeued === 1 ? '' : 's'} went back to the queue.`;
    return `${alreadyRemoved ? 'Already removed' : 'Removed'}: agent ${agent.name} <${agent.email}>.${chats}\n`;
  });
}

export const run: CliCommand = (args, io) => agentRemove(args, io, processConfig());
