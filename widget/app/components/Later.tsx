import { signal } from '@preact/signals';

type Rare = typeof import('./rare.ts');

/** The loaded chunk (App follows the log again when a part appears). */
export const rare = signal<Rare | null>(null);
let loading = false;

/**
 * A part of the chat few visitors need (the forms, older messages), loaded on first use from its own chunk
 * (esbuild splitting), so it does not weigh on every open chat.
 */
export function Later({ part }: { part: keyof Rare }) {
  const mod = rare.value;
  if (!mod && !loading) {
    loading = true;
    import('./rare.ts').then(
      (m) => (rare.value = m),
      () => (loading = false), // tried again on the next render
    );
  }
  const Part = mod?.[part];
  return Part ? <Part /> : null;
}
