import { PassThrough } from 'node:stream';
import type { CliCommand } from '../../server/cli/io.ts';

/** Runs a `parley` sub-command in-process with `input` on stdin; returns its exit code and output. */
export async function runCli(command: CliCommand, args: string[], input = ''): Promise<{ code: number; out: string; err: string }> {
  const stdin = new PassThrough();
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (d) => (out += d));
  stderr.on('data', (d) => (err += d));
  stdin.end(input);
  const code = await command(args, { stdin, stdout, stderr });
  return { code, out, err };
}
