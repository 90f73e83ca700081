import { parseArgs } from 'node:util';
import { VisitorEmailSchema } from '../../protocol/index.ts';
import { AgentInputError } from '../auth/agents.ts';
import { processConfig, type Config } from '../config.ts';
import { describeErased, eraseVisitorData, exportVisitorData } from '../privacy/visitor-data.ts';
import { onAgentStore } from './agent-store.ts';
import type { CliCommand, CliIO } from './io.ts';

const USAGE = {
  export: `Usage: parley visitor export --email E

Prints, as JSON, everything Parley holds about the visitors who gave this e-mail address (in the
leave-a-message form, or through Parley('identify') on your pages): their records and flags, and their
conversations with every message, private note, rating and status change. Reads the configured database
(PARLEY_DATABASE_URL, or the SQLite file in PARLEY_DATA_DIR, default ./data).
`,
  delete: `Usage: parley visitor delete --email E

Deletes everything Parley holds about the visitors who gave this e-mail address — what "parley visitor
export" prints — and says how much. While the server runs too: their open chat windows are cut off within
seconds. It cannot be undone; export first if the request asks for a copy.
`,
};

/** `visitor export` and `visitor delete`, with their configuration passed in so tests use their own data. */
export async function visitorData(action: 'export' | 'delete', args: string[], io: CliIO, config: Config): Promise<number> {
  const usage = USAGE[action];
  let values: { email?: string; help?: boolean };
  try {
    ({ values } = parseArgs({ args, options: { email: { type: 'string' }, help: { type: 'boolean', short: 'h' } }, strict: true, allowPositionals: false }));
  } catch (err) {
    io.stderr.write(`parley visitor ${action}: ${(err as Error).message}\n\n${usage}`);
    return 1;
  }
  if (values.help) {
    io.stdout.write(usage);
    return 0;
  }
  const parsed = VisitorEmailSchema.safeParse({ email: values.email ?? '' });
  if (!parsed.success) {
    io.stderr.write(`parley visitor ${action}: ${values.email === undefined ? 'missing --email' : '--email is not a valid e-mail address'}\n\n${usage}`);
    return 1;
  }
  const { email } = parsed.data;
  return onAgentStore(`visitor ${action}`, config, io, async (store) => {
    if (action === 'export') return `${JSON.stringify(await exportVisitorData(store, email), null, 2)}\n`;
    const { visitorIds, erased } = await eraseVisitorData(store, email);
    if (visitorIds.length === 0) throw new AgentInputError(`no visitor with the e-mail ${email}; nothing deleted`);
    return `Deleted everything about ${email}: ${describeErased(erased)}.\n`;
  });
}

export const runExport: CliCommand = (args, io) => visitorData('export', args, io, processConfig());
export const runDelete: CliCommand = (args, io) => visitorData('delete', args, io, processConfig());
