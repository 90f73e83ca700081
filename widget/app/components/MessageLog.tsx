import type { Message } from '../../../protocol/message.ts';
import type { OutboxEntry } from '../outbox.ts';
import { useApp } from './context.ts';
import { AttachLater } from './AttachLater.tsx';
import { Later } from './Later.tsx';
import { RichText } from './RichText.tsx';
import { Time } from './Time.tsx';

export function MessageLog() {
  const { chat, t, reading } = useApp();
  const messages = chat.messages.value;
  const divider = reading.divider.value;
  const sent = new Set(messages.map((m) => m.clientId));
  const waiting = chat.outbox.value.filter((e) => !sent.has(e.clientId));
  const last = messages[messages.length - 1];
  const replies = last?.author === 'bot' && !waiting.length && chat.conversation.value?.status !== 'assigned' ? last.quickReplies : [];
  const typing = chat.typing.value;
  return (
    <div class="log" role="log" aria-live="polite" aria-label={t('log')}>
      {chat.earlier.value ? (
        <Later part="Earlier" />
      ) : (
        <div class="msg msg-bot">
          <span class="sr">{t('bot')}: </span>
          <p class="text">{t('welcome')}</p>
        </div>
      )}
      {messages.map((m) => [
        m.id === divider && (
          <p key="new" class="divider">
            {t('newMessages')}
          </p>
        ),
        <MessageItem key={m.id} message={m} />,
      ])}
      {waiting.map((e) =>
        e.file ? <AttachLater key={e.clientId} render={(m) => <m.PendingFile entry={e} />} /> : <PendingItem key={e.clientId} entry={e} />,
      )}
      {replies.length > 0 && (
        <div class="quick-replies">
          {replies.map((r) => (
            <button
              key={r.value}
              type="button"
              class="quick-reply"
              onClick={() => {
                chat.send(r.label, r.value);
                // The buttons go with the answer: keep the visitor's place in the text box, not on the page.
                document.getElementById('parley-message')?.focus();
              }}
            >
              {r.label}
            </button>
          ))}
        </div>
      )}
      {typing !== null && <p class="typing">{t('typing', { name: typing || t('agent') })}</p>}
    </div>
  );
}

function MessageItem({ message: m }: { message: Message }) {
  const { t } = useApp();
  const who =
    m.author === 'visitor' ? t('you') : m.author === 'bot' ? t('bot') : m.author === 'agent' ? m.authorName || t('agent') : t('system');
  return (
    <div class={`msg msg-${m.author}${m.text ? '' : ' msg-files'}`}>
      {m.author === 'agent' ? <p class="who">{who}</p> : <span class="sr">{who}: </span>}
      {m.text && (
        <p class="text" dir="auto">
          <RichText text={m.text} />
        </p>
      )}
      {m.attachments.length > 0 && <AttachLater render={(code) => <code.Attachments list={m.attachments} />} />}
      <Time at={m.createdAt} />
    </div>
  );
}

function PendingItem({ entry }: { entry: OutboxEntry }) {
  const { chat, t } = useApp();
  const failed = entry.state === 'failed';
  return (
    <div class={`msg msg-visitor${failed ? ' msg-failed' : ' msg-sending'}`}>
      <span class="sr">{t('you')}: </span>
      <p class="text" dir="auto">
        <RichText text={entry.text} />
      </p>
      <p class="meta">
        {failed ? (
          <>
            {t(entry.error === 'too_large' ? 'failedTooLarge' : 'failed')}{' '}
            <button type="button" class="link-button" onClick={() => chat.retry(entry.clientId)}>
              {t('retry')}
            </button>
          </>
        ) : (
          t('sending')
        )}
      </p>
    </div>
  );
}
