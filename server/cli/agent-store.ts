import { AgentInputError } from '../auth/agents.ts';
import type { Config } from '../config.ts';
import { openStore } from '../store/open-store.ts';
import type { Store } from '../store/store.ts';
import type { CliIO } from './io.ts';

/**
 * Runs an agent command's work on the configured store (PostgreSQL or the SQLite file, as the server
 * would), closing it afterwards; a refusal of the input is printed after the command's name, exit code 1.
 */
export async function onAgentStore(command: string, config: Config, io: CliIO, work: (store: Store) => Promise<string>): Promise<number> {
  const store = await openStore(config);
  try {
    io.stdout.write(await work(store));
    return 0;
  } catch (err) {
    if (!(err instanceof AgentInputError)) throw err;
    io.stderr.write(`parley ${command}: ${err.message}\n`);
    return 1;
  } finally {
    await store.close();
  }
}
