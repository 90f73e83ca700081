import { link, open, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { loadIntentPack } from './load.ts';
import { IntentSchema, type Intent } from './schema.ts';

export type SaveIntentResult = { ok: true; intent: Intent; file: string } | { ok: false; code: 'invalid_payload' | 'conflict'; reason: string };

/**
 * Writes a new intent file (<id>.yaml) into the pack's folder: the schema checks it, the pack on disk must
 * not already have the id and must name its follow-ups, and the file appears whole (written aside, then
 * renamed without replacing anything), so the folder watcher reloads the pack and retrains once, on a
 * complete file. An existing intent is never overwritten.
 */
export async function saveNewIntent(dir: string, input: unknown): Promise<SaveIntentResult> {
  const parsed = IntentSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    return { ok: false, code: 'invalid_payload', reason: `${issue.path.join('.') || 'intent'}: ${issue.message}` };
  }
  const intent = parsed.data;
  const pack = await loadIntentPack(dir);
  if (pack.intents.some((i) => i.id === intent.id)) return { ok: false, code: 'conflict', reason: `an intent "${intent.id}" exists already` };
  const unknown = intent.followUps.find((id) => !pack.intents.some((i) => i.id === id));
  if (unknown) return { ok: false, code: 'invalid_payload', reason: `followUps: no intent with id "${unknown}"` };

  const file = join(dir, `${intent.id}.yaml`);
  // A dot-file is not an intent file to the loader or the watcher's filter until it is renamed.
  const aside = join(dir, `.${intent.id}.yaml.${process.pid}.tmp`);
  const handle = await open(aside, 'wx');
  try {
    await handle.writeFile(stringify(intent, { lineWidth: 0 }));
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    // link() refuses an existing name, unlike rename(): two admins saving one id at once cannot overwrite.
    await link(aside, file);
  } catch (err) {
    await rm(aside, { force: true });
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return { ok: false, code: 'conflict', reason: `an intent "${intent.id}" exists already` };
    throw err;
  }
  await rm(aside, { force: true });
  return { ok: true, intent, file };
}
