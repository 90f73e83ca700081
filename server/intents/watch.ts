import { watch, type FSWatcher } from 'node:fs';
import { loadIntentPack } from './load.ts';
import type { IntentPack } from './schema.ts';

export interface PackWatcher {
  close(): void;
}

/** Editors write a file in several steps (truncate, write, rename): wait for the burst to end. */
const DEBOUNCE_MS = 200;

/**
 * Reloads the whole pack whenever a file in the folder changes. A broken edit is reported through onError
 * and nothing else happens, so the caller keeps serving its last good pack until the file is fixed.
 */
export function watchIntentPack(
  dir: string,
  handlers: { onReload(pack: IntentPack): void; onError(err: unknown): void },
): PackWatcher {
  let timer: NodeJS.Timeout | null = null;
  let closed = false;
  // A reload that starts while another runs is queued, so the last edit always wins.
  let running: Promise<void> = Promise.resolve();

  const reload = () => {
    running = running.then(async () => {
      if (closed) return;
      try {
        const pack = await loadIntentPack(dir);
        if (!closed) handlers.onReload(pack);
      } catch (err) {
        if (!closed) handlers.onError(err);
      }
    });
  };

  let watcher: FSWatcher | null = null;
  try {
    watcher = watch(dir, { persistent: false }, () => {
      if (timer) clearTimeout(timer);
      timer = setTimeout(reload, DEBOUNCE_MS);
      timer.unref();
    });
    watcher.on('error', (err) => handlers.onError(err));
  } catch (err) {
    handlers.onError(err);
  }

  return {
    close() {
      closed = true;
      if (timer) clearTimeout(timer);
      watcher?.close();
    },
  };
}
