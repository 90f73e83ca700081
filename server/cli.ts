import type { CliCommand, CliIO } from './cli/io.ts';

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
  let mod: { run: CliCommand };
  try {
    mod = await command.load();
  } catch (err) {
    // Only the sub-command's own module missing means "not in this build"; anything else is a real bug.
    const missing = /Cannot find module '([^']+)'/.exec(String((err as Error)?.message))?.[1] ?? '';
    if ((err as NodeJS.ErrnoException).code === 'ERR_MODULE_NOT_FOUND' && missing.endsWith(`/cli/${command.words.join('-')}.ts`)) {
      io.stderr.write(`parley: "${command.words.join(' ')}" is not available in this build\n`);
      return 1;
    }
    throw err;
  }
  return mod.run(argv.slice(command.words.length), io);
}
