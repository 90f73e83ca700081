import type { SqliteContext } from './context.ts';
import type { SettingsPart } from '../parts.ts';

/** Values every process on the file must agree on, such as the visitor-token secret. */
export function sqliteSettings({ db }: SqliteContext): SettingsPart {
  const q = {
    keep: db.prepare("INSERT INTO settings (key, value) VALUES ('token_secret', ?) ON CONFLICT (key) DO NOTHING"),
    read: db.prepare("SELECT value FROM settings WHERE key = 'token_secret'"),
    get: db.prepare('SELECT value FROM settings WHERE key = ?'),
    set: db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value'),
  };
  return {
    async tokenSecret(candidate) {
      q.keep.run(candidate);
      return (q.read.get() as { value: string }).value;
    },
    async getSetting(key) {
      return (q.get.get(key) as { value: string } | undefined)?.value ?? null;
    },
    async setSetting(key, value) {
      q.set.run(key, value);
    },
  };
}
