import { signal } from '@preact/signals';

type AttachCode = typeof import('./attach/index.ts');

/** The attachment code, once loaded (components show files when it is). */
export const attachCode = signal<AttachCode | null>(null);
let loading: Promise<AttachCode> | null = null;

/**
 * Uploading and showing files is its own chunk (esbuild splitting), loaded when a visitor attaches one or a
 * message carries one: the open chat pays only for the button.
 */
export function loadAttachCode(): Promise<AttachCode> {
  loading ??= import('./attach/index.ts').then(
    (m) => (attachCode.value = m),
    (err) => {
      loading = null; // tried again on next use
      throw err;
    },
  );
  return loading;
}
