import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';

/** The server's worker threads: each is also an entry of the server bundle (esbuild.config.mjs). */
export type WorkerEntry = 'train-worker' | 'bot-worker';

const SOURCES: Record<WorkerEntry, string> = {
  'train-worker': './intents/train-worker.ts',
  'bot-worker': './bot/bot-worker.ts',
};

/**
 * Starts one of the server's worker threads. The bundle (dist/server.mjs) has each built next to it
 * (dist/<entry>.mjs); the sources run it through tsx, as bin/parley.mjs does: the worker registers tsx's
 * loader, then imports its TypeScript body, by absolute URLs since it runs from a data: URL.
 */
export function startWorker(entry: WorkerEntry, workerData: unknown): Worker {
  if (!import.meta.url.endsWith('.ts')) return new Worker(fileURLToPath(new URL(`./${entry}.mjs`, import.meta.url)), { workerData });
  const tsx = dirname(createRequire(import.meta.url).resolve('tsx/package.json'));
  const api = pathToFileURL(join(tsx, 'dist/esm/api/index.mjs')).href;
  const body = new URL(SOURCES[entry], import.meta.url).href;
  const code = `const { register } = await import(${JSON.stringify(api)}); register(); await import(${JSON.stringify(body)});`;
  return new Worker(new URL(`data:text/javascript,${encodeURIComponent(code)}`), { workerData });
}
