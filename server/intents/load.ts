import { readdir, readFile, stat } from 'node:fs/promises';
import { isAbsolute, join, relative } from 'node:path';
import { parse, YAMLParseError } from 'yaml';
import { IntentPackError } from './errors.ts';
import { IntentSchema, type Intent, type IntentPack } from './schema.ts';

/** Bounds that keep a hand-edited pack from exhausting memory or training time. */
export const MAX_INTENTS = 500;
const MAX_FILE_BYTES = 256 * 1024;

const INTENT_FILE = /^[^.].*\.(ya?ml|json)$/i;
export const isIntentFile = (name: string) => INTENT_FILE.test(name);

/** Paths in messages as the merchant would type them: relative when under the working directory. */
function shown(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : path;
}

function parseYaml(text: string, file: string): unknown {
  try {
    // JSON is YAML too, so one parser reads both; warnings (unknown tags) are not worth a log line per reload.
    return parse(text, { logLevel: 'error', maxAliasCount: 100 });
  } catch (err) {
    if (!(err instanceof YAMLParseError)) throw err;
    const at = err.linePos?.[0];
    const problem = err.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
    throw new IntentPackError(file, null, `YAML syntax error${at ? ` at line ${at.line}, column ${at.col}` : ''}: ${problem}`);
  }
}

async function readIntentFile(dir: string, name: string): Promise<Intent> {
  const path = join(dir, name);
  const file = shown(path);
  if ((await stat(path)).size > MAX_FILE_BYTES) throw new IntentPackError(file, null, `larger than ${MAX_FILE_BYTES / 1024} KB`);
  const data = parseYaml(await readFile(path, 'utf8'), file);
  if (data === null || data === undefined) throw new IntentPackError(file, null, 'the file is empty');
  const parsed = IntentSchema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const missing = issue.code === 'invalid_type' && / received undefined$/.test(issue.message);
    throw new IntentPackError(file, issue.path.length ? issue.path.join('.') : null, missing ? `required (${issue.expected})` : issue.message);
  }
  const expected = name.replace(/\.(ya?ml|json)$/i, '');
  if (parsed.data.id !== expected) {
    throw new IntentPackError(file, 'id', `"${parsed.data.id}" does not match the file name (expected "${expected}")`);
  }
  return parsed.data;
}

/**
 * Reads a folder of intents, one file each (<id>.yaml, .yml or .json), in file-name order. Any problem —
 * unreadable YAML, a field that fails the schema, a duplicate id, a follow-up naming no intent — throws an
 * IntentPackError naming the file and the field, so the running server keeps its last good pack and logs
 * exactly what to fix.
 */
export async function loadIntentPack(dir: string): Promise<IntentPack> {
  let names: string[];
  try {
    names = (await readdir(dir, { withFileTypes: true }))
      .filter((e) => e.isFile() && isIntentFile(e.name))
      .map((e) => e.name)
      .sort();
  } catch (err) {
    throw new IntentPackError(shown(dir), null, `cannot read the folder (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
  }
  if (names.length === 0) throw new IntentPackError(shown(dir), null, 'no intent files (*.yaml) in the folder');
  if (names.length > MAX_INTENTS) throw new IntentPackError(shown(dir), null, `${names.length} intent files; at most ${MAX_INTENTS}`);

  const intents: Intent[] = [];
  const fileOf = new Map<string, string>();
  for (const name of names) {
    const intent = await readIntentFile(dir, name);
    const file = shown(join(dir, name));
    // Only a.yaml next to a.yml (or a.json) can get here: the file-name check already ties id to name.
    const seen = fileOf.get(intent.id);
    if (seen) throw new IntentPackError(file, 'id', `"${intent.id}" is already defined in ${seen}`);
    fileOf.set(intent.id, file);
    intents.push(intent);
  }

  for (const intent of intents) {
    intent.followUps.forEach((id, i) => {
      if (id === intent.id) throw new IntentPackError(fileOf.get(intent.id)!, `followUps.${i}`, 'an intent cannot follow itself');
      if (!fileOf.has(id)) throw new IntentPackError(fileOf.get(intent.id)!, `followUps.${i}`, `no intent with id "${id}"`);
    });
  }
  return { intents };
}
