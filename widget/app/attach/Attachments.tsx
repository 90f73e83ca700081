import { useState } from 'preact/hooks';
import { attachmentUrl, isImage } from '../../../protocol/attachment-rules.ts';
import type { Attachment } from '../../../protocol/attachment.ts';
import { useApp } from '../components/context.ts';
import { useFileUrl } from './fetch-file.ts';

/** Pictures and files of one message: image previews (click for the whole picture) and PDF downloads. */
export function Attachments({ list }: { list: Attachment[] }) {
  return <div class="files">{list.map((a) => (isImage(a.type) ? <ImageFile key={a.id} a={a} /> : <DocFile key={a.id} a={a} />))}</div>;
}

/** The preview's box in the log, from the stored size (so the log does not jump when it loads). */
const BOX = 200;
function box(a: Attachment): { width: number; height: number } {
  const w = a.width ?? BOX;
  const h = a.height ?? BOX;
  const scale = Math.min(1, BOX / Math.max(w, h));
  return { width: Math.max(1, Math.round(w * scale)), height: Math.max(1, Math.round(h * scale)) };
}

function ImageFile({ a }: { a: Attachment }) {
  const { chat, t } = useApp();
  const [open, setOpen] = useState(false);
  const src = useFileUrl(chat.uploads.origin, chat.uploads.token(), a.id, true);
  const size = box(a);
  return (
    <>
      <button type="button" class="file-image" aria-label={t('openImage', { name: a.name })} onClick={() => setOpen(true)}>
        {src && src !== 'failed' ? (
          <img src={src} alt="" {...size} />
        ) : (
          <span class="file-box" style={{ width: `${size.width}px`, height: `${size.height}px` }}>
            {src === 'failed' ? t('fileUnavailable') : ''}
          </span>
        )}
      </button>
      {open && <FullImage a={a} onClose={() => setOpen(false)} />}
    </>
  );
}

/** The whole picture over the chat, with a download link; Escape or Close returns to the chat. */
function FullImage({ a, onClose }: { a: Attachment; onClose: () => void }) {
  const { chat, t } = useApp();
  const src = useFileUrl(chat.uploads.origin, chat.uploads.token(), a.id, false);
  const ready = src && src !== 'failed' ? src : null;
  return (
    <div
      class="file-full"
      role="dialog"
      aria-modal="true"
      aria-label={a.name}
      onKeyDown={(e) => {
        if (e.key !== 'Escape') return;
        e.stopPropagation(); // closes the picture, not the chat
        onClose();
      }}
    >
      {ready ? <img src={ready} alt={a.name} /> : <p>{src === 'failed' ? t('fileUnavailable') : t('sending')}</p>}
      <div class="file-actions">
        {ready && (
          <a href={ready} download={a.name}>
            {t('download')}
          </a>
        )}
        <button type="button" class="send" ref={(el) => el?.focus()} onClick={onClose}>
          {t('closeImage')}
        </button>
      </div>
    </div>
  );
}

const kb = (n: number) => (n < 1024 * 1024 ? `${Math.max(1, Math.round(n / 1024))} KB` : `${(n / 1024 / 1024).toFixed(1)} MB`);

/** A PDF is only ever downloaded: fetched with the visitor's token, then saved under its name. */
function DocFile({ a }: { a: Attachment }) {
  const { chat, t } = useApp();
  const [failed, setFailed] = useState(false);
  const download = async () => {
    try {
      const token = chat.uploads.token();
      const res = await fetch(`${chat.uploads.origin}${attachmentUrl(a.id)}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
      if (!res.ok) throw new Error(String(res.status));
      const url = URL.createObjectURL(await res.blob());
      const link = Object.assign(document.createElement('a'), { href: url, download: a.name });
      link.click();
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
    } catch {
      setFailed(true);
    }
  };
  return (
    <button type="button" class="file-doc" onClick={() => void download()}>
      PDF · <span dir="auto">{a.name}</span> <span class="file-size">({kb(a.size)})</span>
      {failed && <span class="file-size"> — {t('fileUnavailable')}</span>}
    </button>
  );
}
