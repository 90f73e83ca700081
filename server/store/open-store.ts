import type { Config } from '../config.ts';
import { prepareDataDir } from './data-dir.ts';
import { createPostgresStore } from './postgres.ts';
import { createSqliteStore } from './sqlite.ts';
import type { Store } from './store.ts';

/**
 * The store the configuration names: PostgreSQL when PARLEY_DATABASE_URL is set, else the SQLite file.
 * The server and every `parley` command open it here, so they always agree on where the data is.
 * `onIdleError` hears of connections PostgreSQL dropped while idle (they are replaced by themselves).
 */
export async function openStore(
  config: Pick<Config, 'databaseUrl' | 'dataDir' | 'dbFile'>,
  opts: { onIdleError?: (err: Error) => void } = {},
): Promise<Store> {
  if (config.databaseUrl) return createPostgresStore({ url: config.databaseUrl, onIdleError: opts.onIdleError });
  prepareDataDir(config.dataDir);
  return createSqliteStore({ file: config.dbFile });
}
