// The rules of canned responses that both the console (in the browser) and the server run. No zod here:
// the console imports this, and a browser bundle should not carry the validator (the schema is in canned.ts).

/** What follows "/" in the reply box: lower-case letters (any script), digits, "-" and "_", up to 32. */
export const CANNED_SHORTCUT = /^[\p{Ll}\p{Lo}\d][\p{Ll}\p{Lo}\d_-]{0,31}$/u;

/** The shortcut as the server stores it, or null when it would be refused. */
export function normalizeShortcut(input: string): string | null {
  const s = input.trim().toLowerCase();
  return CANNED_SHORTCUT.test(s) ? s : null;
}

/** The variables a canned response may hold. */
export const CANNED_VARIABLES = ['visitor.name', 'agent.name'] as const;
export type CannedValues = Partial<Record<(typeof CANNED_VARIABLES)[number], string | null>>;

const VARIABLE = /\{(visitor\.name|agent\.name)\}/g;

/**
 * Fills `{visitor.name}` and `{agent.name}`. A value that is unknown (a visitor who gave no name) leaves
 * the placeholder in place, so the agent sees what to edit before sending.
 */
export function fillCanned(text: string, values: CannedValues): string {
  return text.replace(VARIABLE, (all, key: keyof CannedValues) => values[key] || all);
}

/** The placeholders still in the text, e.g. ["{visitor.name}"]: a reply holding one is not sent. */
export const unfilledVariables = (text: string): string[] => [...new Set(text.match(VARIABLE) ?? [])];
