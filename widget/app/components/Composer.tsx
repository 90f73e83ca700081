import { useEffect, useRef, useState } from 'preact/hooks';
import { MAX_MESSAGE_CHARS } from '../../../protocol/limits.ts';
import { useApp } from './context.ts';

// Show the counter only when it matters, so it does not distract the common short question.
const COUNTER_FROM = MAX_MESSAGE_CHARS - 200;
// image/* is what makes a phone offer its camera; what is not JPEG, PNG, WebP or GIF is refused with a clear
// message (attach/upload.ts), and the server checks the bytes whatever the browser said.
const ACCEPT = 'image/*,application/pdf';

export function Composer() {
  const { chat, bridge, t } = useApp();
  const [text, setText] = useState('');
  const box = useRef<HTMLTextAreaElement>(null);
  const open = bridge.open.value;

  useEffect(() => {
    if (open) box.current?.focus();
  }, [open]);

  // Grow with the text up to a few lines, then scroll.
  useEffect(() => {
    const el = box.current;
    if (!el) return;
    el.style.height = 'auto';
    el.style.height = `${Math.min(el.scrollHeight, 120)}px`;
  }, [text]);

  const tooLong = text.length > MAX_MESSAGE_CHARS;
  const submit = (e?: Event): void => {
    e?.preventDefault();
    if (!text.trim() || tooLong) return;
    chat.send(text);
    setText('');
    box.current?.focus();
  };

  const picker = useRef<HTMLInputElement>(null);
  return (
    <form class="composer" aria-label={t('message')} onSubmit={submit}>
      <input
        ref={picker}
        type="file"
        class="sr"
        tabIndex={-1}
        aria-hidden="true"
        multiple
        accept={ACCEPT}
        onChange={(e) => {
          chat.attach([...(e.currentTarget.files ?? [])]);
          e.currentTarget.value = '';
        }}
      />
      <button type="button" class="attach" aria-label={t('attach')} title={t('attach')} onClick={() => picker.current?.click()}>
        <svg viewBox="0 0 24 24" width="20" height="20" aria-hidden="true">
          <path fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" d="M20 11l-8.5 8.5a5 5 0 01-7-7L13 4a3.5 3.5 0 015 5l-8.5 8.5a2 2 0 01-3-3L14 7" />
        </svg>
      </button>
      <label class="sr" for="parley-message">
        {t('message')}
      </label>
      <textarea
        id="parley-message"
        ref={box}
        rows={1}
        value={text}
        placeholder={t('placeholder')}
        aria-describedby="parley-counter"
        onInput={(e) => {
          setText(e.currentTarget.value);
          chat.setTyping(!!e.currentTarget.value.trim());
        }}
        onBlur={() => chat.setTyping(false)}
        onPaste={(e) => {
          const files = [...(e.clipboardData?.files ?? [])];
          if (!files.length) return;
          e.preventDefault();
          chat.attach(files);
        }}
        onKeyDown={(e) => {
          // Enter sends; Shift+Enter is a new line; never interrupt an IME composing Chinese.
          if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) submit(e);
        }}
      />
      <button type="submit" class="send">
        {t('send')}
      </button>
      <p id="parley-counter" class={`counter${tooLong ? ' counter-over' : ''}`} aria-live="polite">
        {tooLong
          ? t('tooLong', { n: text.length - MAX_MESSAGE_CHARS })
          : text.length >= COUNTER_FROM
            ? t('charsLeft', { n: MAX_MESSAGE_CHARS - text.length })
            : ''}
      </p>
    </form>
  );
}
