import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { TrainedMatcher } from '../bot/matcher.ts';
import type { IntentPack } from './schema.ts';

/**
 * Trains a pack's matcher on a worker thread: about two seconds of arithmetic for the shipped pack, which
 * on the event loop would hold every chat on the node for as long. The bundle (dist/server.mjs) has the
 * worker built next to it (dist/train-worker.mjs); the sources run it through tsx, as bin/parley.mjs does.
 */
export function trainInWorker(pack: IntentPack): Promise<TrainedMatcher> {
  const worker = import.meta.url.endsWith('.ts')
    ? new Worker(new URL(`data:text/javascript,${encodeURIComponent(sourceWorker())}`), { workerData: pack })
    : new Worker(fileURLToPath(new URL('./train-worker.mjs', import.meta.url)), { workerData: pack });
  // A reload in progress does not keep a stopping server alive.
  worker.unref();
  return new Promise((resolve, reject) => {
    worker.once('message', (trained: TrainedMatcher) => {
      resolve(trained);
      void worker.terminate();
    });
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`intent training worker exited with code ${code}`)));
  });
}

/** A worker registers its own loaders: tsx's, then the TypeScript worker (by absolute URLs: it runs from data:). */
function sourceWorker(): string {
  const tsx = dirname(createRequire(import.meta.url).resolve('tsx/package.json'));
  const api = pathToFileURL(join(tsx, 'dist/esm/api/index.mjs')).href;
  const body = new URL('./train-worker.ts', import.meta.url).href;
  return `const { register } = await import(${JSON.stringify(api)}); register(); await import(${JSON.stringify(body)});`;
}
