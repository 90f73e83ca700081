import { ATTACHMENT_CLIENT_ID_HEADER, ATTACHMENT_NAME_HEADER } from '../../../protocol/attachment-rules.ts';
import type { UploadResponse } from '../../../protocol/attachment.ts';
import type { ErrorCode } from '../../../protocol/errors.ts';

export type UploadResult = { ok: true; attachment: Extract<UploadResponse, { ok: true }>['attachment'] } | { ok: false; error: ErrorCode; transient: boolean };

/**
 * POST /attachments with XMLHttpRequest, the one browser API that reports upload progress. Shared by the
 * widget (visitor token in `headers`) and the console (its session cookie goes by itself). `transient`
 * says a retry may succeed (the network, the server's fault or load); the client id makes a retry safe.
 */
export function xhrUpload(opts: { url: string; file: Blob; name: string; clientId: string; headers?: Record<string, string>; onProgress(fraction: number): void }): Promise<UploadResult> {
  return new Promise((resolve) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', opts.url);
    for (const [k, v] of Object.entries(opts.headers ?? {})) xhr.setRequestHeader(k, v);
    xhr.setRequestHeader(ATTACHMENT_CLIENT_ID_HEADER, opts.clientId);
    xhr.setRequestHeader(ATTACHMENT_NAME_HEADER, encodeURIComponent(opts.name));
    xhr.upload.onprogress = (e) => e.lengthComputable && opts.onProgress(e.loaded / e.total);
    xhr.onload = () => {
      let body: UploadResponse | null = null;
      try {
        body = JSON.parse(xhr.responseText) as UploadResponse;
      } catch {}
      if (body?.ok) return resolve({ ok: true, attachment: body.attachment });
      const error = (body?.error ?? 'internal') as ErrorCode;
      resolve({ ok: false, error, transient: xhr.status >= 500 || error === 'busy' });
    };
    xhr.onerror = () => resolve({ ok: false, error: 'internal', transient: true });
    opts.onProgress(0);
    xhr.send(opts.file);
  });
}
