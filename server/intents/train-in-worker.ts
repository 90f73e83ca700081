import type { TrainedMatcher } from '../bot/matcher.ts';
import { startWorker } from '../worker-thread.ts';
import type { IntentPack } from './schema.ts';

/**
 * Trains a pack's matcher on a worker thread (train-worker.ts): about two seconds of arithmetic for the
 * shipped pack, which on the event loop would hold every chat on the node for as long.
 */
export function trainInWorker(pack: IntentPack): Promise<TrainedMatcher> {
  const worker = startWorker('train-worker', pack);
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
