import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import {
  ATTACHMENT_CLIENT_ID_HEADER,
  ATTACHMENT_NAME_HEADER,
  MAX_ATTACHMENT_BYTES,
  SESSION_COOKIE,
  isImage,
  type UploadResponse,
} from '../../protocol/index.ts';
import { attachmentView } from '../store/records.ts';
import { parseCookies } from '../auth/cookies.ts';
import type { RateLimiterFactory } from '../auth/rate-limit.ts';
import type { AgentSessions } from '../auth/sessions.ts';
import type { VisitorTokens } from '../auth/visitor-token.ts';
import { contentDisposition, decodeFileName, safeFileName } from '../attachments/file-name.ts';
import { processUpload, UploadRefused } from '../attachments/process.ts';
import { sniffType } from '../attachments/sniff.ts';
import type { Logger } from '../log.ts';
import type { AttachmentRow, Store } from '../store/store.ts';
import { HttpError } from './errors.ts';

export interface AttachmentRoutesDeps {
  store: Store;
  sessions: AgentSessions;
  tokens: VisitorTokens;
  log: Logger;
  limiters: RateLimiterFactory;
}

/** Who is asking: a signed-in agent (session cookie) or a visitor (their token, `Authorization: Bearer`). */
type Who = { kind: 'agent'; id: string } | { kind: 'visitor'; id: string };

const ClientIdSchema = z.uuid();
const IdSchema = z.string().min(1).max(64);

// A file is sent to be looked at, never run: no script, no plugin, no same-origin access if opened as a page.
const SERVED_CSP = "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox";

/**
 * POST /attachments — one file as the raw request body (not JSON, not multipart), at most
 * MAX_ATTACHMENT_BYTES, with the uploader's client id (a retried upload is stored once) and the file's name
 * in headers. GET /attachments/:id (and /preview) — only to that conversation's visitor and to agents;
 * anyone else gets 404, as for an id that does not exist, so ids cannot be probed.
 */
export function attachmentRoutes({ store, sessions, tokens, log, limiters }: AttachmentRoutesDeps): Router {
  const router = Router();
  // Generous for a person (a burst of 20 files, then one every 10 s), not for a script.
  const uploads = limiters('uploads', { capacity: 20, perSecond: 0.1 });

  const who = async (req: Request): Promise<Who | null> => {
    const cookie = parseCookies(req.headers.cookie).get(SESSION_COOKIE);
    if (cookie) {
      const agent = await sessions.resolve(cookie);
      if (agent) return { kind: 'agent', id: agent.id };
    }
    const auth = req.headers.authorization;
    const visitorId = auth?.startsWith('Bearer ') ? tokens.verify(auth.slice(7).trim()) : null;
    return visitorId ? { kind: 'visitor', id: visitorId } : null;
  };

  /** The visitor of its conversation and every agent may read it; before a message carries it, its uploader. */
  const mayRead = async (row: AttachmentRow, reader: Who): Promise<boolean> => {
    if (!row.conversationId) return row.uploaderKind === reader.kind && row.uploaderId === reader.id;
    if (reader.kind === 'agent') return true;
    const conv = await store.getConversation(row.conversationId);
    return conv?.visitorId === reader.id;
  };

  router.post('/', async (req, res) => {
    const uploader = await who(req);
    if (!uploader) throw new HttpError('unauthorized');
    const clientId = ClientIdSchema.safeParse(req.headers[ATTACHMENT_CLIENT_ID_HEADER]);
    if (!clientId.success) throw new HttpError('invalid_payload');
    const declared = Number(req.headers['content-length'] ?? NaN);
    if (declared > MAX_ATTACHMENT_BYTES) return refuseEarly(res, 'too_large');
    if (!(await uploads.take(uploader.id))) return refuseEarly(res, 'rate_limited');

    const bytes = await readBody(req, MAX_ATTACHMENT_BYTES);
    if (bytes === 'too_large') return refuseEarly(res, 'too_large');
    const seen = await store.findAttachmentByClientId(uploader.id, clientId.data);
    if (seen) {
      await uploads.refund(uploader.id);
      return void res.json({ ok: true, attachment: attachmentView(seen) } satisfies UploadResponse);
    }
    const type = sniffType(bytes);
    if (!type) throw new HttpError('unsupported_type');
    let processed;
    try {
      processed = await processUpload(bytes, type);
    } catch (err) {
      if (err instanceof UploadRefused) throw new HttpError(err.code);
      throw err;
    }
    const { attachment, duplicate } = await store.saveAttachment({
      uploaderKind: uploader.kind,
      uploaderId: uploader.id,
      clientId: clientId.data,
      name: safeFileName(decodeFileName(req.headers[ATTACHMENT_NAME_HEADER]), type),
      type,
      ...processed,
    });
    if (!duplicate) log.info({ attachmentId: attachment.id, uploader: uploader.kind, type, bytes: bytes.length, stored: attachment.size }, 'attachment stored');
    res.json({ ok: true, attachment: attachmentView(attachment) } satisfies UploadResponse);
  });

  const serve = (variant: 'file' | 'preview') => async (req: Request, res: Response) => {
    const id = IdSchema.safeParse(req.params.id);
    const reader = await who(req);
    const row = id.success && reader ? await store.getAttachment(id.data) : null;
    if (!row || !reader || !(await mayRead(row, reader))) throw new HttpError('not_found');
    const bytes = await store.readAttachment(row.id, variant);
    if (!bytes) throw new HttpError('not_found');
    const image = isImage(row.type);
    res.set({
      'Content-Type': variant === 'preview' ? 'image/webp' : row.type,
      // Images are shown; a PDF is only ever downloaded, never opened by the browser's viewer on our origin.
      'Content-Disposition': contentDisposition(image ? 'inline' : 'attachment', variant === 'preview' ? row.name.replace(/\.[a-z]+$/, '.webp') : row.name),
      'X-Content-Type-Options': 'nosniff',
      'Content-Security-Policy': SERVED_CSP,
      'Cross-Origin-Resource-Policy': 'same-origin',
      'Referrer-Policy': 'no-referrer',
      // Stored once and never changed: the browser may keep it, but no shared cache may.
      'Cache-Control': 'private, max-age=86400, immutable',
      Vary: 'Cookie, Authorization',
    });
    res.end(bytes);
  };
  router.get('/:id', serve('file'));
  router.get('/:id/preview', serve('preview'));
  return router;
}

/**
 * Answers before the body is read: a 10 GB upload must not be read to be refused. The connection is closed
 * after the answer, so the unread bytes do not become the next request.
 */
function refuseEarly(res: Response, code: 'too_large' | 'rate_limited'): void {
  res.set('Connection', 'close');
  res.status(code === 'too_large' ? 413 : 429).json({ ok: false, error: code });
}

/** The raw body, streamed, at most `limit` bytes (whatever Content-Length claimed). */
function readBody(req: Request, limit: number): Promise<Buffer | 'too_large'> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.off('data', onData);
        req.pause();
        resolve('too_large');
        return;
      }
      chunks.push(chunk);
    };
    req.on('data', onData);
    req.once('end', () => resolve(Buffer.concat(chunks, size)));
    req.once('error', reject);
  });
}
