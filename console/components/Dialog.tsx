import type { ComponentChildren } from 'preact';
import { useEffect, useRef } from 'preact/hooks';
import { Isolated } from './Isolated.tsx';

/**
 * A modal <dialog>: the browser keeps focus inside it, Escape closes it, and focus returns on close. `about`
 * (a visitor's name) follows the title, isolated.
 */
export function Dialog({ title, about, onClose, children }: { title: string; about?: string; onClose: () => void; children: ComponentChildren }) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current!;
    const back = document.activeElement as HTMLElement | null;
    dialog.showModal();
    return () => {
      dialog.close();
      back?.focus();
    };
  }, []);
  const titleId = `dialog-${title.replace(/\W+/g, '-').toLowerCase()}`;
  return (
    <dialog
      ref={ref}
      class="dialog"
      aria-labelledby={titleId}
      onCancel={(e) => {
        // Escape: let the owner unmount it, so its state and the page's agree.
        e.preventDefault();
        onClose();
      }}
    >
      <h2 id={titleId}>
        {title}
        {about !== undefined && (
          <>
            {' '}
            <Isolated text={about} />
          </>
        )}
      </h2>
      {children}
    </dialog>
  );
}

/** What went wrong, if anything, announced as it appears. */
export function ErrorLine({ text }: { text: string | null }) {
  return text ? (
    <p class="error" role="alert">
      {text}
    </p>
  ) : null;
}

/** A dialog's foot: what went wrong, if anything, then the way out and the dialog's own action. */
export function DialogFooter({ error, closeLabel, onClose, children }: { error: string | null; closeLabel: string; onClose: () => void; children?: ComponentChildren }) {
  return (
    <>
      <ErrorLine text={error} />
      <div class="buttons">
        <button type="button" class="secondary" onClick={onClose}>
          {closeLabel}
        </button>
        {children}
      </div>
    </>
  );
}
