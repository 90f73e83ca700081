/**
 * Runs tasks one at a time per key, in the order they were queued: within this process a visitor's
 * messages and the bot's turns on them keep their order (the bot answers the first message first). An
 * ordering aid only, not a guarantee: the same visitor's messages may reach another node at the same
 * moment, and the store decides there — one open conversation per visitor (a unique index) and bot memory
 * written only if unchanged since read (its version).
 */
export interface KeyedLock {
  run<T>(key: string, task: () => Promise<T>): Promise<T>;
}

export function createKeyedLock(): KeyedLock {
  const tails = new Map<string, Promise<unknown>>();
  return {
    run(key, task) {
      const prev = tails.get(key) ?? Promise.resolve();
      const result = prev.then(task, task);
      const tail = result.then(
        () => undefined,
        () => undefined,
      );
      tails.set(key, tail);
      void tail.then(() => {
        if (tails.get(key) === tail) tails.delete(key);
      });
      return result;
    },
  };
}
