import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { processConfig } from '../config.ts';
import { IntentPackError } from '../intents/errors.ts';
import type { CliCommand } from './io.ts';
import { analyzerFrom } from './training-source.ts';

const USAGE = `Usage: parley analyze [--intents PATH] [--locale en|zh] < messages.txt

Reads messages, one per line, on standard input and prints one JSON object per line:
{"text","lang","intent","confidence","alternatives","mood","frustrated","frustration","priority","escalate","reasons"}
mood is calm, unhappy (a complaint) or angry; frustrated is true for unhappy and angry.
PATH is an intents folder (default: PARLEY_INTENTS_DIR or the shipped pack) or a CSV file text,label.
`;

export const run: CliCommand = async (args, io) => {
  let values: { intents?: string; locale?: string; help?: boolean };
  try {
    ({ values } = parseArgs({ args, options: { intents: { type: 'string' }, locale: { type: 'string' }, help: { type: 'boolean', short: 'h' } } }));
  } catch (err) {
    io.stderr.write(`parley analyze: ${(err as Error).message}\n\n${USAGE}`);
    return 1;
  }
  if (values.help) {
    io.stdout.write(USAGE);
    return 0;
  }
  if (values.locale !== undefined && values.locale !== 'en' && values.locale !== 'zh') {
    io.stderr.write('parley analyze: --locale must be en or zh\n');
    return 1;
  }
  const locale = values.locale as 'en' | 'zh' | undefined;
  let analyze: Awaited<ReturnType<typeof analyzerFrom>>;
  try {
    analyze = await analyzerFrom(values.intents ?? processConfig().intentsDir);
  } catch (err) {
    io.stderr.write(`parley analyze: ${err instanceof IntentPackError || err instanceof Error ? err.message : String(err)}\n`);
    return 1;
  }
  for await (const line of createInterface({ input: io.stdin, crlfDelay: Infinity })) {
    if (line.trim() === '') continue;
    io.stdout.write(JSON.stringify(analyze(line, locale)) + '\n');
  }
  return 0;
};
