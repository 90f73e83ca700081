import type { Locale } from '../../protocol/locale.ts';
import { en, type StringKey } from './en.ts';
import { zh } from './zh.ts';

/** Both tables at once, for tests and tools; the app loads only its own language (loadTranslator). */
export const STRINGS: Record<Locale, Record<StringKey, string>> = { en, zh };
