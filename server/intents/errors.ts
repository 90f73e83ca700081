/** A pack that cannot be used, with the file and the field at fault so a merchant can fix it. */
export class IntentPackError extends Error {
  constructor(
    readonly file: string,
    readonly field: string | null,
    problem: string,
  ) {
    super(`${file}${field ? `: ${field}` : ''}: ${problem}`);
    this.name = 'IntentPackError';
  }
}
