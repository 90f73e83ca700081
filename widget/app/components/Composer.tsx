import { useEffect, useRef, useState } from 'preact/hooks';
import { MAX_MESSAGE_CHARS } from '../../../protocol/limits.ts';
import { useApp } from './context.ts';

// Show the counter only when it matters, so it does not distract the common short question.
const COUNTER_FROM = MAX_MESSAGE_CHARS - 200;

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

  return (
    <form class="composer" aria-label={t('message')} onSubmit={submit}>
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
