/**
 * Polls `read` until `done` holds or `ms` pass, and returns the last value read (the caller's expect then
 * says what was wrong). For what a browser or another process makes true a moment later (a store write).
 */
export async function eventually<T>(read: () => Promise<T>, done: (value: T) => boolean, ms = 15_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((r) => setTimeout(r, 100));
  }
}
