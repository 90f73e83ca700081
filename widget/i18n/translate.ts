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
 * The app's translator for `locale`. Each language is its own small file with a content-hashed name next to
 * the app bundle (dist/widget/strings-<locale>-<hash>.js), so an open chat downloads one language only: the
 * frame page preloads the visitor's and names every language's file in a `<meta name="parley-strings-…">`
 * (esbuild.assets.mjs), so Parley('set', {locale}) can switch languages live.
 */
export async function loadTranslator(locale: Locale): Promise<Translate> {
  const meta = document.querySelector<HTMLMetaElement>(`meta[name="parley-strings-${locale}"]`);
  if (!meta) throw new Error(`the frame page names no strings file for ${locale}`);
  // A computed URL, so the bundler leaves this import to the browser instead of inlining both tables.
  const mod = (await import(/* @vite-ignore */ meta.content)) as { default: Record<StringKey, string> };
  return translator(mod.default);
}
