/**
 * Every method of `parts`, with what it throws passed through `translate` first: each store names its
 * database in its errors this way (SQLite the file, PostgreSQL the server) without a try in every method.
 */
export function rethrowing<T extends Record<string, (...args: never[]) => Promise<unknown>>>(parts: T, translate: (err: unknown) => unknown): T {
  const wrapped: Record<string, unknown> = {};
  for (const [key, fn] of Object.entries(parts)) {
    wrapped[key] = async (...args: never[]) => {
      try {
        return await fn(...args);
      } catch (err) {
        throw translate(err);
      }
    };
  }
  return wrapped as T;
}
