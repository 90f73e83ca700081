import sharp, { type Metadata } from 'sharp';
import { PREVIEW_PX, type AttachmentType } from '../../protocol/index.ts';

/**
 * Images larger than this many pixels (all frames of an animation together) are refused before they are
 * decoded: a 10 MB PNG of one colour can claim 50,000 × 50,000 pixels, 10 GB once decoded.
 */
export const MAX_IMAGE_PIXELS = 50_000_000;

// Decoded images are not kept between jobs (memory stays bounded); one libvips thread per job, and the gate
// below runs at most RUNNING jobs: on a small machine uploads cannot starve the chat of CPU. libvips works
// on libuv's thread pool, so the event loop never waits for an image.
sharp.cache(false);
sharp.concurrency(1);

export class UploadRefused extends Error {
  override name = 'UploadRefused';
  constructor(readonly code: 'unsupported_type' | 'too_large' | 'invalid_payload' | 'busy') {
    super(code);
  }
}

export interface Processed {
  data: Buffer;
  preview: Buffer | null;
  width: number | null;
  height: number | null;
}

const FORMAT: Partial<Record<AttachmentType, 'jpeg' | 'png' | 'webp' | 'gif'>> = {
  'image/jpeg': 'jpeg',
  'image/png': 'png',
  'image/webp': 'webp',
  'image/gif': 'gif',
};

/** At most `running` jobs at once and `waiting` queued; beyond that `busy` (the client retries). */
export function createGate(running: number, waiting: number) {
  let active = 0;
  const queue: Array<() => void> = [];
  return async function run<T>(job: () => Promise<T>): Promise<T> {
    if (active >= running) {
      if (queue.length >= waiting) throw new UploadRefused('busy');
      await new Promise<void>((resolve) => queue.push(resolve));
    } else active++;
    try {
      return await job();
    } finally {
      const next = queue.shift();
      if (next) next();
      else active--;
    }
  };
}

const gate = createGate(2, 32);

/**
 * Makes an upload safe to store and show. A PDF is kept as it is (it is only ever downloaded). An image is
 * decoded and encoded again in its own format: turned upright first (EXIF orientation), then written with
 * no metadata at all — EXIF (camera, GPS location, time), XMP, IPTC, comments — and a small WebP preview
 * made. Animated GIF and WebP keep their frames. What libvips cannot decode as the sniffed format is refused.
 */
export function processUpload(bytes: Buffer, type: AttachmentType): Promise<Processed> {
  const format = FORMAT[type];
  if (!format) return Promise.resolve({ data: bytes, preview: null, width: null, height: null });
  return gate(async () => {
    const animated = type === 'image/gif' || type === 'image/webp';
    const open = (input: Buffer, frames: boolean) => sharp(input, { limitInputPixels: MAX_IMAGE_PIXELS, animated: frames, failOn: 'error' });
    let meta: Metadata;
    try {
      meta = await open(bytes, animated).metadata();
    } catch (err) {
      throw refusal(err);
    }
    if (meta.format !== format) throw new UploadRefused('unsupported_type');
    const frames = animated && (meta.pages ?? 1) > 1;
    try {
      let image = open(bytes, frames);
      // Orientation is an EXIF field that is about to be dropped: apply it to the pixels first.
      if (!frames) image = image.autoOrient();
      const out = await image.toFormat(format, format === 'jpeg' ? { quality: 85 } : format === 'webp' ? { quality: 85 } : {}).toBuffer({ resolveWithObject: true });
      const preview = await open(out.data, false)
        .resize(PREVIEW_PX, PREVIEW_PX, { fit: 'inside', withoutEnlargement: true })
        .webp({ quality: 75 })
        .toBuffer();
      const height = frames ? (out.info as { pageHeight?: number }).pageHeight ?? meta.pageHeight ?? out.info.height : out.info.height;
      return { data: out.data, preview, width: out.info.width, height };
    } catch (err) {
      throw refusal(err);
    }
  });
}

function refusal(err: unknown): UploadRefused {
  const message = err instanceof Error ? err.message : String(err);
  if (/pixel limit/i.test(message)) return new UploadRefused('too_large');
  if (/unsupported image format/i.test(message)) return new UploadRefused('unsupported_type');
  // Truncated or damaged data under a valid signature.
  return new UploadRefused('invalid_payload');
}
