import type { OutboxEntry } from '../outbox.ts';
import { useApp } from '../components/context.ts';

/** A file on its way: its name, the upload's progress, or why it was not sent (Retry, or Remove). */
export function PendingFile({ entry }: { entry: OutboxEntry }) {
  const { chat, t } = useApp();
  const file = entry.file!;
  const progress = chat.uploads.progress.value[entry.clientId];
  const failed = entry.state === 'failed';
  // A file the server (or the browser) refused for what it is: sending it again cannot help.
  const hopeless = entry.error === 'too_large' || entry.error === 'unsupported_type';
  return (
    <div class={`msg msg-visitor${failed ? ' msg-failed' : ' msg-sending'}`}>
      <span class="sr">{t('you')}: </span>
      <p class="text" dir="auto">
        {file.name}
      </p>
      {progress !== undefined && !failed && <progress class="upload" max={1} value={progress} aria-label={t('uploading', { n: Math.round(progress * 100) })} />}
      <p class="meta">
        {failed ? (
          <>
            {t(entry.error === 'too_large' ? 'fileTooLarge' : entry.error === 'unsupported_type' ? 'fileType' : 'failed')}{' '}
            <button type="button" class="link-button" onClick={() => (hopeless ? chat.dismiss(entry.clientId) : chat.retry(entry.clientId))}>
              {t(hopeless ? 'remove' : 'retry')}
            </button>
          </>
        ) : progress !== undefined ? (
          t('uploading', { n: Math.round(progress * 100) })
        ) : (
          t('sending')
        )}
      </p>
    </div>
  );
}
