/**
 * A reason the server cannot start that the operator must fix: a setting, a file, a port. Its message is
 * one line naming the setting or file and saying what to do; `parley` prints it and exits 1, without a
 * stack trace (the code is not at fault). Each layer has its own subclass: ConfigError (the environment),
 * StorageError (data directory, database file), ListenError (port and host).
 */
export class StartupError extends Error {
  override name = 'StartupError';
}
