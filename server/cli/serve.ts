import { processConfig } from '../config.ts';
import { startParley } from '../main.ts';
import type { CliCommand } from './io.ts';

/** `parley serve`: runs until SIGTERM or SIGINT, then shuts down gracefully and exits 0. */
export const run: CliCommand = async (args, io) => {
  if (args.includes('--help') || args.includes('-h')) {
    io.stdout.write(
      'Usage: parley serve\n\nEnvironment: PORT (3000), HOST (0.0.0.0), PARLEY_DATA_DIR (./data), PARLEY_DB_FILE,\n' +
        'PARLEY_INTENTS_DIR, PARLEY_PUBLIC_URL, PARLEY_SECRET, PARLEY_ALLOWED_ORIGINS (*), PARLEY_MAX_CHATS (5),\n' +
        'PARLEY_QUEUE_TIMEOUT_S (300), PARLEY_BUSINESS_HOURS (always open), PARLEY_TIMEZONE, PARLEY_NODE_ID,\n' +
        'PARLEY_TRUST_PROXY (false), PARLEY_LIMIT_CONNECTIONS (120), PARLEY_LIMIT_VISITORS (60),\n' +
        'PARLEY_LIMIT_CONVERSATIONS (30), PARLEY_RATE_LIMIT_EXEMPT, PARLEY_REDIS_URL, PARLEY_REDIS_PREFIX (parley),\n' +
        'PARLEY_MAX_TURNS (50), PARLEY_MAX_LAG_MS (100), PARLEY_DATABASE_URL,\n' +
        'LOG_LEVEL (info). See README.md.\n',
    );
    return 0;
  }
  const parley = await startParley(processConfig());
  return new Promise<number>((resolve) => {
    const stop = (signal: NodeJS.Signals) => {
      parley.log.info({ signal }, 'shutting down');
      process.off('SIGTERM', stop);
      process.off('SIGINT', stop);
      // If something still holds the event loop after a clean close (the drain and the sockets' grace take
      // at most 13 s), do not hang forever.
      setTimeout(() => process.exit(0), 20_000).unref();
      parley.close().then(
        () => resolve(0),
        (err) => {
          parley.log.error({ err }, 'shutdown failed');
          resolve(1);
        },
      );
    };
    process.on('SIGTERM', stop);
    process.on('SIGINT', stop);
  });
};
