import { watch, type FSWatcher } from 'node:fs';
import { isIntentFile, loadIntentPack } from './load.ts';
import type { IntentPack } from './schema.ts';

export interface PackWatcher {
  close(): void;
}

export interface PackWatchHandlers {
  /** May return a promise (training the new bot): the next reload waits for it, so the last edit wins. */
  onReload(pack: IntentPack): void | Promise<void>;
  /** The pack on disk is broken (an IntentPackError) or the folder cannot be watched. */
  onError(err: unknown): void;
}

/** Editors write a file in several steps (truncate, write, rename): wait for the burst to end. */
const DEBOUNCE_MS = 200;

/**
 * Reloads the whole pack whenever an intent file in the folder changes. A broken edit is reported through
 * onError and nothing else happens, so the caller keeps serving its last good pack until the file is fixed.
 * Neither the watch nor a pending reload keeps the process alive.
 */
export function watchIntentPack(dir: string, handlers: PackWatchHandlers): PackWatcher {
  let timer: NodeJS.Timeout | null = null;
  let closed = false;
  // A reload that starts while another runs is queued behind it, so the last edit always wins.
  let running: Promise<void> = Promise.resolve();

  const reload = () => {
    timer = null;
    running = running.then(async () => {
      if (closed) return;
      try {
        const pack = await loadIntentPack(dir);
        if (!closed) await handlers.onReload(pack);
      } catch (err) {
        if (!closed) handlers.onError(err);
      }
    });
  };

  let watcher: FSWatcher | null = null;
  try {
    watcher = watch(dir, { persistent: false }, (_event, name) => {
      // Editors' swap and backup files (.x.swp, x~, 4913) are not intents; no name means "look at everything".
      if (closed || (name && !isIntentFile(String(name)))) return;
      if (timer) clearTimeout(timer);
      timer = setTimeout(reload, DEBOUNCE_MS);
      timer.unref();
    });
    watcher.on('error', (err) => {
      if (!closed) handlers.onError(err);
    });
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
