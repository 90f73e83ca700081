import { randomUUID } from 'node:crypto';
import sharp from 'sharp';
import { ATTACHMENT_CLIENT_ID_HEADER, ATTACHMENT_NAME_HEADER, type UploadResponse } from '../../protocol/index.ts';

// Files the attachment tests send, made here (no binary fixtures in the repository).

/** A JPEG photo as a phone writes it: EXIF with the camera, a GPS position, and "rotate 90°" orientation. */
export function phonePhoto(width = 64, height = 32): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: { r: 200, g: 40, b: 40 } } })
    .jpeg()
    .withMetadata({ orientation: 6 })
    .withExif({
      IFD0: { Make: 'ParleyTestCam', Model: 'Phone 1' },
      // libvips names the GPS directory IFD3.
      IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '51/1 30/1 0/1', GPSLongitudeRef: 'W', GPSLongitude: '0/1 7/1 0/1' },
    })
    .toBuffer();
}

export const png = (width = 20, height = 20): Promise<Buffer> =>
  sharp({ create: { width, height, channels: 4, background: { r: 0, g: 120, b: 200, alpha: 1 } } }).png().toBuffer();

/** A minimal, valid one-page PDF. */
export function pdf(): Buffer {
  return Buffer.from(
    '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n' +
      '3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n',
  );
}

/** Whether EXIF data holds a GPS directory (tag 0x8825, either byte order). */
export const hasGps = (exif: Buffer | undefined): boolean =>
  !!exif && (exif.includes(Buffer.from([0x25, 0x88])) || exif.includes(Buffer.from([0x88, 0x25])));

export interface UploadAs {
  /** A visitor token (Authorization: Bearer) or an agent's Cookie header. */
  token?: string;
  cookie?: string;
  clientId?: string;
  name?: string;
}

/** POST /attachments as the widget and the console do. */
export async function upload(url: string, body: Uint8Array, as: UploadAs): Promise<{ status: number; body: UploadResponse }> {
  const res = await fetch(`${url}/attachments`, {
    method: 'POST',
    headers: {
      'content-type': 'application/octet-stream',
      [ATTACHMENT_CLIENT_ID_HEADER]: as.clientId ?? randomUUID(),
      ...(as.name ? { [ATTACHMENT_NAME_HEADER]: encodeURIComponent(as.name) } : {}),
      ...(as.token ? { authorization: `Bearer ${as.token}` } : {}),
      ...(as.cookie ? { cookie: as.cookie } : {}),
    },
    body: new Blob([new Uint8Array(body)]),
  });
  return { status: res.status, body: (await res.json()) as UploadResponse };
}

/** The uploaded attachment, or a thrown error naming the refusal. */
export async function uploaded(url: string, body: Uint8Array, as: UploadAs) {
  const res = await upload(url, body, as);
  if (!res.body.ok) throw new Error(`upload refused: ${res.status} ${res.body.error}`);
  return res.body.attachment;
}
