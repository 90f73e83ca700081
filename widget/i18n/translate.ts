import type { Locale } from '../../protocol/locale.ts';
import type { StringKey } from './en.ts';

export type Translate = (key: StringKey, vars?: Record<string, string | number>) => string;

/** A translator over one table; `{name}` placeholders are filled from `vars`. */
export function translator(table: Record<StringKey, string>): Translate {
  return (key, vars) => {
    const text = table[key];
    return vars ? text.replace(/\{(\w+)\}/g, (all, name: string) => (name in vars ? String(vars[name]) : all)) : text;
  };
}

/**
 * The app's translator for `locale`. Each language is its own small file next to the app bundle
 * (dist/widget/strings-<locale>.js, see esbuild.config.mjs), so an open chat downloads one language only.
 */
export async function loadTranslator(locale: Locale): Promise<Translate> {
  // A computed URL, so the bundler leaves this import to the browser instead of inlining both tables.
  const url = new URL(`strings-${locale}.js`, import.meta.url).href;
  const mod = (await import(/* @vite-ignore */ url)) as { default: Record<StringKey, string> };
  return translator(mod.default);
}
