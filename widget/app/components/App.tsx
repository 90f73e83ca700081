import { useLayoutEffect, useRef } from 'preact/hooks';
import type { AppContext } from './context.ts';
import { Ctx, useApp } from './context.ts';
import { Composer } from './Composer.tsx';
import { Header } from './Header.tsx';
import { Later, rare } from './Later.tsx';
import { MessageLog } from './MessageLog.tsx';
import { StatusLine } from './StatusLine.tsx';

export function App(props: AppContext) {
  return (
    <Ctx.Provider value={props}>
      <Shell />
    </Ctx.Provider>
  );
}

function Shell() {
  const { chat, bridge } = useApp();
  const c = chat.conversation.value;
  const scroller = useRef<HTMLDivElement>(null);
  // The distance from the bottom as the visitor last scrolled, and the ends of the log it was measured at.
  const place = useRef({ fromBottom: 0, first: '', last: '' });
  const frame = useRef(0);
  const rated = chat.rated.value;

  // Follow the conversation as it grows (messages, pending sends, forms), the way every chat does — except
  // when older messages came in above: then keep what the visitor was reading where it was. Measured in the
  // next frame, once parts that render on their own (the lazy forms) are in; a hidden frame waits till shown.
  useLayoutEffect(() => {
    cancelAnimationFrame(frame.current);
    frame.current = requestAnimationFrame(() => {
      const el = scroller.current!;
      const p = place.current;
      const m = chat.messages.value;
      const first = m[0]?.id ?? '';
      const last = m[m.length - 1]?.id ?? '';
      el.scrollTop = el.scrollHeight - (p.last === last && p.first !== first ? p.fromBottom : 0);
      place.current = { fromBottom: el.scrollHeight - el.scrollTop, first, last };
    });
  }, [
    chat.messages.value,
    chat.outbox.value.length,
    chat.typing.value,
    c?.status,
    c?.contactRequested,
    c?.ratingRequested,
    rated,
    bridge.open.value,
    rare.value,
  ]);

  return (
    <main
      class="chat"
      aria-labelledby="parley-title"
      onKeyDown={(e) => {
        if (e.key === 'Escape') bridge.close();
      }}
      // A picture or PDF dropped anywhere on the chat is sent (desktop).
      onDragOver={(e) => {
        if (e.dataTransfer?.types.includes('Files')) e.preventDefault();
      }}
      onDrop={(e) => {
        const files = [...(e.dataTransfer?.files ?? [])];
        if (!files.length) return;
        e.preventDefault();
        chat.attach(files);
      }}
    >
      <Header />
      <StatusLine />
      {/* Focusable, so keyboard users can scroll a long conversation that has no button in it. */}
      <div
        class="scroll"
        tabIndex={0}
        ref={scroller}
        onScroll={(e) => (place.current.fromBottom = e.currentTarget.scrollHeight - e.currentTarget.scrollTop)}
      >
        <MessageLog />
        {(c?.contactRequested || chat.contactEmail.value) && <Later part="ContactForm" />}
        {(c?.ratingRequested || rated) && <Later part="RatingForm" />}
        {c?.status === 'resolved' && chat.availability.value?.mail && <Later part="TranscriptForm" />}
      </div>
      <Composer />
    </main>
  );
}
