import { useEffect, useRef } from 'preact/hooks';
import type { AppContext } from './context.ts';
import { Ctx, useApp } from './context.ts';
import { Composer } from './Composer.tsx';
import { ContactForm } from './ContactForm.tsx';
import { Header } from './Header.tsx';
import { MessageLog } from './MessageLog.tsx';
import { RatingForm } from './RatingForm.tsx';
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
  const rated = chat.rated.value;

  // Follow the conversation as it grows (messages, pending sends, forms), the way every chat does.
  useEffect(() => {
    const el = scroller.current;
    if (el) el.scrollTop = el.scrollHeight;
  }, [chat.messages.value.length, chat.outbox.value.length, chat.typing.value, c?.status, c?.contactRequested, c?.ratingRequested, rated]);

  return (
    <main
      class="chat"
      aria-labelledby="parley-title"
      onKeyDown={(e) => {
        if (e.key === 'Escape') bridge.close();
      }}
    >
      <Header />
      <StatusLine />
      <div class="scroll" ref={scroller}>
        <MessageLog />
        {(c?.contactRequested || chat.contactEmail.value) && <ContactForm />}
        {(c?.ratingRequested || rated) && <RatingForm />}
      </div>
      <Composer />
    </main>
  );
}
