import type { CliCommand, CliIO } from './cli/io.ts';
import { StartupError } from './startup-error.ts';

const USAGE = `Usage: parley <command> [options]

Commands:
  serve                    Start the server (PORT, PARLEY_DATA_DIR, … from the environment)
  agent add                Create an agent account (the first one is an admin):
                             --email E --password P --name N [--role agent|admin]
  agent remove             Remove an agent account (signs them out everywhere):
                             --email E
  visitor export           Print everything about the visitors with an e-mail, as JSON:
                             --email E
  visitor delete           Delete everything about the visitors with an e-mail:
                             --email E
  analyze [text]           Show what the bot understands of a message
  eval                     Measure the intent matcher on the evaluation sets
  intents check [dir]      Validate an intent pack and report its accuracy
  mail test                Send a test mail with the PARLEY_SMTP_URL settings:
                             --to ADDRESS [--locale en|zh]

Run "parley <command> --help" for a command's options.
`;

/** Sub-commands and how many words name them; each module is loaded only when asked for. */
const COMMANDS: Array<{ words: string[]; load: () => Promise<{ run: CliCommand }> }> = [
  { words: ['serve'], load: () => import('./cli/serve.ts') },
  { words: ['agent', 'add'], load: () => import('./cli/agent-add.ts') },
  { words: ['agent', 'remove'], load: () => import('./cli/agent-remove.ts') },
  { words: ['visitor', 'export'], load: async () => ({ run: (await import('./cli/visitor-data.ts')).runExport }) },
  { words: ['visitor', 'delete'], load: async () => ({ run: (await import('./cli/visitor-data.ts')).runDelete }) },
  { words: ['analyze'], load: () => import('./cli/analyze.ts') },
  { words: ['eval'], load: () => import('./cli/eval.ts') },
  { words: ['intents', 'check'], load: () => import('./cli/intents-check.ts') },
  { words: ['mail', 'test'], load: () => import('./cli/mail-test.ts') },
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
    // A bad environment, an unusable data directory or database, a port taken: the operator's to fix, in
    // the one line the error carries, not a crash with a stack trace.
    if (!(err instanceof StartupError)) throw err;
    io.stderr.write(`parley: ${err.message}\n`);
    return 1;
  }
}
