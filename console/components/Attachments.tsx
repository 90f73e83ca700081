import { attachmentUrl, isImage } from '../../protocol/attachment-rules.ts';
import type { Attachment } from '../../protocol/attachment.ts';
import { Isolated } from './Isolated.tsx';

const size = (n: number) => (n < 1024 * 1024 ? `${Math.max(1, Math.round(n / 1024))} KB` : `${(n / 1024 / 1024).toFixed(1)} MB`);

/** A thumbnail box of at most 160 px, from the stored size, so the transcript does not jump as it loads. */
function thumb(a: Attachment) {
  const scale = Math.min(1, 160 / Math.max(a.width ?? 160, a.height ?? 160));
  return { width: Math.round((a.width ?? 160) * scale), height: Math.round((a.height ?? 160) * scale) };
}

/**
 * Files of one message: a picture's thumbnail opens the whole picture in a new tab; a PDF downloads (the
 * server sends it as an attachment, never to be shown on our origin). The session cookie goes with both.
 */
export function Attachments({ list }: { list: Attachment[] }) {
  return (
    <div class="files">
      {list.map((a) =>
        isImage(a.type) ? (
          <a key={a.id} class="file-image" href={attachmentUrl(a.id)} target="_blank" rel="noopener noreferrer" title={`${a.name} (${size(a.size)})`}>
            <img src={attachmentUrl(a.id, true)} alt={`Picture: ${a.name}`} loading="lazy" {...thumb(a)} />
          </a>
        ) : (
          <a key={a.id} class="file-doc" href={attachmentUrl(a.id)} download={a.name}>
            PDF · <Isolated text={a.name} /> ({size(a.size)})
          </a>
        ),
      )}
    </div>
  );
}
