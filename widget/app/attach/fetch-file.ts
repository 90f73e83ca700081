import { useEffect, useState } from 'preact/hooks';
import { attachmentUrl } from '../../../protocol/attachment-rules.ts';

/**
 * An attachment as a blob: URL. The frame's <img> cannot send the visitor's token, so the bytes are fetched
 * with it (same origin) and shown from memory; the URL is released when the component goes.
 */
export function useFileUrl(origin: string, token: string | null, id: string, preview: boolean): string | null | 'failed' {
  const [url, setUrl] = useState<string | null | 'failed'>(null);
  useEffect(() => {
    let made: string | null = null;
    let live = true;
    fetch(`${origin}${attachmentUrl(id, preview)}`, { headers: token ? { authorization: `Bearer ${token}` } : {} })
      .then((res) => (res.ok ? res.blob() : Promise.reject(new Error(String(res.status)))))
      .then(
        (blob) => {
          if (!live) return;
          made = URL.createObjectURL(blob);
          setUrl(made);
        },
        () => live && setUrl('failed'),
      );
    return () => {
      live = false;
      if (made) URL.revokeObjectURL(made);
    };
  }, [id, preview]);
  return url;
}
