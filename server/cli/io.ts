import type { Readable, Writable } from 'node:stream';

/** Streams a command reads and writes, passed in so tests can run commands in-process. */
export interface CliIO {
  stdin: Readable;
  stdout: Writable;
  stderr: Writable;
}

/** Every `parley` sub-command module exports one of these; the resolved number is the exit code. */
export type CliCommand = (args: string[], io: CliIO) => Promise<number>;
