import { readdir, readFile } from 'node:fs/promises';
import { basename, join, relative } from 'node:path';
import { parse, YAMLParseError } from 'yaml';
import { IntentPackError } from './errors.ts';
import { IntentSchema, type Intent, type IntentPack } from './schema.ts';

/** Bounds that keep a hand-edited pack from exhausting memory or training time. */
export const MAX_INTENTS = 500;
const MAX_FILE_BYTES = 256 * 1024;

export const isIntentFile = (name: string) => /\.ya?ml$/i.test(name) && !name.startsWith('.');

/**
 * Reads a folder of intents, one YAML file each, in file-name order. Any problem — unreadable YAML, a field
 * that fails the schema, a duplicate id, a follow-up naming no intent — throws an IntentPackError naming
 * the file and the field, so the running server can keep its last good pack and log exactly what to fix.
 */
export async function loadIntentPack(dir: string): Promise<IntentPack> {
  let names: string[];
  try {
    names = (await readdir(dir)).filter(isIntentFile).sort();
  } catch (err) {
    throw new IntentPackError(dir, null, `cannot read the folder (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
  }
  if (names.length === 0) throw new IntentPackError(dir, null, 'no intent files (*.yaml) in the folder');
  if (names.length > MAX_INTENTS) throw new IntentPackError(dir, null, `${names.length} intent files; at most ${MAX_INTENTS}`);

  const shown = (name: string) => relative(process.cwd(), join(dir, name)) || name;
  const intents: Intent[] = [];
  const fileOf = new Map<string, string>();
  for (const name of names) {
    const file = shown(name);
    const text = await readFile(join(dir, name), 'utf8');
    if (Buffer.byteLength(text) > MAX_FILE_BYTES) throw new IntentPackError(file, null, `larger than ${MAX_FILE_BYTES / 1024} KB`);
    let data: unknown;
    try {
      data = parse(text);
    } catch (err) {
      if (err instanceof YAMLParseError) {
        const at = err.linePos?.[0];
        throw new IntentPackError(file, null, `YAML syntax error${at ? ` at line ${at.line}, column ${at.col}` : ''}: ${err.message.split('\n')[0]}`);
      }
      throw err;
    }
    const parsed = IntentSchema.safeParse(data);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new IntentPackError(file, issue.path.length ? issue.path.join('.') : null, issue.message);
    }
    const intent = parsed.data;
    const expected = basename(name).replace(/\.ya?ml$/i, '');
    if (intent.id !== expected) throw new IntentPackError(file, 'id', `"${intent.id}" does not match the file name (expected "${expected}")`);
    const seen = fileOf.get(intent.id);
    if (seen) throw new IntentPackError(file, 'id', `"${intent.id}" is already defined in ${seen}`);
    fileOf.set(intent.id, file);
    intents.push(intent);
  }

  for (const intent of intents) {
    intent.followUps.forEach((id, i) => {
      if (!fileOf.has(id)) throw new IntentPackError(fileOf.get(intent.id)!, `followUps.${i}`, `no intent with id "${id}"`);
    });
  }
  return { intents };
}
