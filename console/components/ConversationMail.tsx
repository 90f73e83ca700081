import { useSignal } from '@preact/signals';
import { useEffect } from 'preact/hooks';
import type { MailView } from '../../protocol/mail.ts';
import type { Request } from '../socket.ts';
import { MailLine } from './MailMenu.tsx';

/** The mail of the conversation on screen (replies, transcripts, rating requests): sent, waiting or failed. */
export function ConversationMail({ request, conversationId, onRetry }: { request: Request; conversationId: string; onRetry: (id: string) => Promise<void> }) {
  const mails = useSignal<MailView[] | null>(null);
  const load = async () => {
    const res = await request('mail:list', { conversationId });
    mails.value = res.ok ? res.mails : null;
  };
  useEffect(() => {
    mails.value = null;
    void load();
  }, [conversationId]);
  if (!mails.value?.length) return null;
  return (
    <section aria-labelledby="mail-title">
      <h2 id="mail-title">Mail</h2>
      <ul class="mail-list">
        {mails.value.map((m) => (
          <MailLine key={m.id} m={m} onRetry={(id) => void onRetry(id).then(load)} />
        ))}
      </ul>
    </section>
  );
}
