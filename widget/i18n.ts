// English and Simplified Chinese UI strings of the embed: the launcher's, and the chat app's per language.
export { LAUNCHER_STRINGS } from './i18n/launcher.ts';
export { en, type StringKey } from './i18n/en.ts';
export { zh } from './i18n/zh.ts';
export { STRINGS } from './i18n/tables.ts';
export { loadTranslator, translator, type Translate } from './i18n/translate.ts';
