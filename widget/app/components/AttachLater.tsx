import type { JSX } from 'preact';
import { attachCode, loadAttachCode } from '../attach-loader.ts';

type AttachCode = NonNullable<typeof attachCode.value>;

/** Renders with the attachment code once its chunk is in (loading it on first use). */
export function AttachLater({ render }: { render: (code: AttachCode) => JSX.Element }) {
  const code = attachCode.value;
  if (!code) {
    loadAttachCode().catch(() => {}); // tried again on the next render
    return null;
  }
  return render(code);
}
