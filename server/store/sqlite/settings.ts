import type { SqliteContext } from './context.ts';
import type { SettingsPart } from '../parts.ts';

/** Values every process on the file must agree on, such as the visitor-token secret. */
export function sqliteSettings({ db }: SqliteContext): SettingsPart {
  const q = {
    keep: db.prepare("INSERT INTO settings (key, value) VALUES ('token_secret', ?) ON CONFLICT (key) DO NOTHING"),
    read: db.prepare("SELECT value FROM settings WHERE key = 'token_secret'"),
  };
  return {
    async tokenSecret(candidate) {
      q.keep.run(candidate);
      return (q.read.get() as { value: string }).value;
    },
  };
}
