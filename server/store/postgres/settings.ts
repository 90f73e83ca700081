import type { PgContext } from './context.ts';
import type { SettingsPart } from '../parts.ts';

/** Values every node must agree on, such as the visitor-token secret. */
export function pgSettings({ query }: PgContext): SettingsPart {
  return {
    async tokenSecret(candidate) {
      // Two nodes starting at once: one insert wins, both read the winner's.
      await query("INSERT INTO settings (key, value) VALUES ('token_secret', $1) ON CONFLICT (key) DO NOTHING", [candidate]);
      const [r] = await query<{ value: string }>("SELECT value FROM settings WHERE key = 'token_secret'");
      return r!.value;
    },
    async getSetting(key) {
      const [r] = await query<{ value: string }>('SELECT value FROM settings WHERE key = $1', [key]);
      return r?.value ?? null;
    },
    async setSetting(key, value) {
      await query('INSERT INTO settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value', [key, value]);
    },
  };
}
