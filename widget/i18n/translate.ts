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
 * The app's translator. Each language is its own small file with a content-hashed name next to the app
 * bundle (dist/widget/strings-<locale>-<hash>.js), so an open chat downloads one language only: the frame
 * page is written for one language and preloads its file (`<link id="parley-strings">`, esbuild.assets.mjs).
 */
export async function loadTranslator(): Promise<Translate> {
  const link = document.getElementById('parley-strings') as HTMLLinkElement | null;
  if (!link) throw new Error('the frame page names no strings file (#parley-strings)');
  // A computed URL, so the bundler leaves this import to the browser instead of inlining both tables.
  const mod = (await import(/* @vite-ignore */ link.href)) as { default: Record<StringKey, string> };
  return translator(mod.default);
}
