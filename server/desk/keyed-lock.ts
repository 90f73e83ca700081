/**
 * Runs tasks one at a time per key, in the order they were queued. A visitor's messages and the bot's
 * turns on them must not interleave (two tabs sending at once would otherwise both create a conversation
 * or both advance the bot from the same state). One node only; several nodes would lock in the database.
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
