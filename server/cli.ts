import type { CliCommand, CliIO } from './cli/io.ts';
import { ConfigError } from './config.ts';

const USAGE = `Usage: parley <command> [options]

Commands:
  serve                    Start the server (PORT, PARLEY_DATA_DIR, … from the environment)
  agent add                Create an agent account:
                             --email E --password P --name N
  analyze [text]           Show what the bot understands of a message
  eval                     Measure the intent matcher on the evaluation sets
  intents check [dir]      Validate an intent pack and report its accuracy

Run "parley <command> --help" for a command's options.
`;

/** Sub-commands and how many words name them; each module is loaded only when asked for. */
const COMMANDS: Array<{ words: string[]; load: () => Promise<{ run: CliCommand }> }> = [
  { words: ['serve'], load: () => import('./cli/serve.ts') },
  { words: ['agent', 'add'], load: () => import('./cli/agent-add.ts') },
  { words: ['analyze'], load: () => import('./cli/analyze.ts') },
  { words: ['eval'], load: () => import('./cli/eval.ts') },
  { words: ['intents', 'check'], load: () => import('./cli/intents-check.ts') },
];

const processIO: CliIO = { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr };

/** `parley …`: resolves to the exit code. */
export async function main(argv: string[], io: CliIO = processIO): Promise<number> {
  if (argv.length === 0 || argv[0] === '--help' || argv[0] === '-h' || argv[0] === 'help') {
    io.stdout.write(USAGE);
    return argv.length === 0 ? 1 : 0;
  }
  const command = COMMANDS.find((c) => c.words.every((w, i) => argv[i] === w));
  if (!command) {
    io.stderr.write(`parley: unknown command "${argv.join(' ')}"\n\n${USAGE}`);
    return 1;
  }
  const mod = await command.load();
  try {
    return await mod.run(argv.slice(command.words.length), io);
  } catch (err) {
    // Any command may read the configuration; a bad environment is the user's to fix, not a crash.
    if (!(err instanceof ConfigError)) throw err;
    io.stderr.write(`parley: ${err.message}\n`);
    return 1;
  }
}
