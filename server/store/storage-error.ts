import { StartupError } from '../startup-error.ts';

/** The data directory or the database file cannot be used; the message names it and says what to do. */
export class StorageError extends StartupError {
  override name = 'StorageError';
}
