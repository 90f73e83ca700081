import { describe, expect, it } from 'vitest';
import { sniffType } from '../../../server/attachments/sniff.ts';
import { contentDisposition, safeFileName } from '../../../server/attachments/file-name.ts';

const bytes = (...parts: Array<string | number[]>) => Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'latin1') : Buffer.from(p))));

describe('sniffing a file by its bytes', () => {
  it('knows the five types by their signatures', () => {
    expect(sniffType(bytes([0xff, 0xd8, 0xff, 0xe0], 'JFIF'))).toBe('image/jpeg');
    expect(sniffType(bytes([0x89], 'PNG\r\n\x1a\n', 'IHDR'))).toBe('image/png');
    expect(sniffType(bytes('GIF89a', [1, 0]))).toBe('image/gif');
    expect(sniffType(bytes('GIF87a'))).toBe('image/gif');
    expect(sniffType(bytes('RIFF', [0, 0, 0, 0], 'WEBPVP8 '))).toBe('image/webp');
    expect(sniffType(bytes('%PDF-1.7\n'))).toBe('application/pdf');
  });

  it('refuses what only looks like one: HTML, SVG, a WAV in RIFF, a truncated signature, nothing', () => {
    for (const b of [
      bytes('<!doctype html><img src=x onerror=alert(1)>'),
      bytes('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
      bytes('RIFF', [0, 0, 0, 0], 'WAVEfmt '),
      bytes([0xff, 0xd8]),
      bytes(' %PDF-1.4'),
      bytes('PK\x03\x04'),
      Buffer.alloc(0),
    ]) {
      expect(sniffType(b)).toBeNull();
    }
  });
});

describe('the name a file is offered under', () => {
  it('ends in its real type and loses what could mislead or escape', () => {
    expect(safeFileName('receipt.png', 'application/pdf')).toBe('receipt.pdf');
    expect(safeFileName('IMG_0001.JPG', 'image/jpeg')).toBe('IMG_0001.jpg');
    expect(safeFileName('../../etc/passwd', 'image/png')).toBe('_.._etc_passwd.png');
    expect(safeFileName('photo\u202Egnp.exe', 'image/png')).toBe('photo_gnp.png');
    expect(safeFileName('', 'image/gif')).toBe('file.gif');
    expect(safeFileName(null, 'application/pdf')).toBe('file.pdf');
    expect(safeFileName('退货单.pdf', 'application/pdf')).toBe('退货单.pdf');
    expect([...safeFileName('x'.repeat(500), 'image/webp')].length).toBeLessThanOrEqual(120);
  });

  it('says it in Content-Disposition with an ASCII fallback and the UTF-8 name', () => {
    expect(contentDisposition('attachment', '退货 "单".pdf')).toBe(`attachment; filename="__ ___.pdf"; filename*=UTF-8''%E9%80%80%E8%B4%A7%20%22%E5%8D%95%22.pdf`);
    expect(contentDisposition('inline', "it's (1).png")).toBe(`inline; filename="it's (1).png"; filename*=UTF-8''it%27s%20%281%29.png`);
  });
});
