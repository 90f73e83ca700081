import { StartupError } from '../startup-error.ts';

/**
 * The store's one error class. At start: the data directory, the database file or server cannot be used;
 * the message names it and says what to do. At run time: a call failed (the driver's error is the cause).
 * `logged` is set once the store's health report has logged it, so transports only answer `internal`.
 */
export class StorageError extends StartupError {
  override name = 'StorageError';
  logged = false;
}
