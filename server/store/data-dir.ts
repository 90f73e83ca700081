import { existsSync, mkdirSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { StorageError } from './storage-error.ts';

const reason = (err: unknown) => {
  const e = err as NodeJS.ErrnoException;
  return e.code ? `${e.code}: ${e.message.split(', ')[0]!.replace(/^\w+: /, '')}` : String(err);
};

/**
 * `mkdir -p` that cannot spin. Node's own recursive mkdir retries forever (at 100% CPU) where mkdir
 * answers ENOENT although the parent exists — /proc, /sys — since it reads ENOENT as "create the parent
 * first". Here each missing level is created once, top down, and the first refusal is thrown.
 */
export function makeDirs(dir: string): void {
  const missing: string[] = [];
  for (let at = resolve(dir); !existsSync(at); at = dirname(at)) {
    missing.push(at);
    if (dirname(at) === at) break;
  }
  for (const level of missing.reverse()) {
    try {
      mkdirSync(level);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
  }
}

/**
 * Creates the data directory if needed and proves it writable by writing a file into it, at start, so a
 * read-only mount or a wrong owner is one clear line now, not a failed chat later. `setting` is the
 * variable the operator would change.
 */
export function prepareDataDir(dir: string, setting = 'PARLEY_DATA_DIR'): void {
  try {
    makeDirs(dir);
  } catch (err) {
    throw new StorageError(`${setting} ${dir} cannot be created (${reason(err)}): create it yourself, or set ${setting} to a directory Parley may create`);
  }
  const probe = join(dir, `.parley-write-check-${process.pid}`);
  try {
    writeFileSync(probe, '');
    unlinkSync(probe);
  } catch (err) {
    throw new StorageError(
      `${setting} ${dir} is not writable (${reason(err)}): give the user running Parley write access to it, or set ${setting} to another directory`,
    );
  }
}
