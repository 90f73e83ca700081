import { parseArgs } from 'node:util';
import type { AgentRole } from '../../protocol/index.ts';
import { addAgent } from '../auth/agents.ts';
import { processConfig, type Config } from '../config.ts';
import { onAgentStore } from './agent-store.ts';
import type { CliCommand, CliIO } from './io.ts';

const USAGE = `Usage: parley agent add --email E --password P --name N [--role agent|admin]

Creates an agent account in the data directory's database (PARLEY_DATABASE_URL, or the SQLite file in PARLEY_DATA_DIR, default ./data).
The password (at least 8 characters) is stored as a scrypt hash. --role admin lets the account manage the
team, saved replies, business hours and visitors' data (default: agent). The first account is an admin
whatever --role says, as is one created while no admin is left.
`;

/** The command with its configuration passed in, so tests run it against their own data directory. */
export async function agentAdd(args: string[], io: CliIO, config: Config): Promise<number> {
  let values: { email?: string; password?: string; name?: string; role?: string; help?: boolean };
  try {
    ({ values } = parseArgs({
      args,
      options: { email: { type: 'string' }, password: { type: 'string' }, name: { type: 'string' }, role: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
      strict: true,
      allowPositionals: false,
    }));
  } catch (err) {
    io.stderr.write(`parley agent add: ${(err as Error).message}\n\n${USAGE}`);
    return 1;
  }
  if (values.help) {
    io.stdout.write(USAGE);
    return 0;
  }
  const missing = (['email', 'password', 'name'] as const).filter((k) => values[k] === undefined);
  if (missing.length > 0) {
    io.stderr.write(`parley agent add: missing ${missing.map((k) => `--${k}`).join(', ')}\n\n${USAGE}`);
    return 1;
  }

  return onAgentStore('agent add', config, io, async (store) => {
    const agent = await addAgent(store, { email: values.email!, password: values.password!, name: values.name!, role: values.role as AgentRole | undefined });
    const note = values.role === 'agent' && agent.role === 'admin' ? ' (the first account is an admin)' : '';
    return `Created ${agent.role} ${agent.name} <${agent.email}>${note}. Sign in at /agent.\n`;
  });
}

export const run: CliCommand = (args, io) => agentAdd(args, io, processConfig());
