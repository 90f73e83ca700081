import { describe, expect, it } from 'vitest';
import { splitLinks } from '../../widget/app/links.ts';

describe('splitLinks', () => {
  it('turns http and https URLs into links and leaves the rest as text', () => {
    expect(splitLinks('Track it at https://shop.example/track?id=7 or call us.')).toEqual([
      { kind: 'text', text: 'Track it at ' },
      { kind: 'link', text: 'https://shop.example/track?id=7', href: 'https://shop.example/track?id=7' },
      { kind: 'text', text: ' or call us.' },
    ]);
  });

  it('keeps trailing punctuation (English and Chinese) out of the link', () => {
    expect(splitLinks('See http://a.example/returns.')).toEqual([
      { kind: 'text', text: 'See ' },
      { kind: 'link', text: 'http://a.example/returns', href: 'http://a.example/returns' },
      { kind: 'text', text: '.' },
    ]);
    expect(splitLinks('请看 https://a.example/help。谢谢')).toEqual([
      { kind: 'text', text: '请看 ' },
      { kind: 'link', text: 'https://a.example/help', href: 'https://a.example/help' },
      { kind: 'text', text: '。谢谢' },
    ]);
  });

  it('never links other schemes', () => {
    for (const text of ['javascript:alert(1)', 'data:text/html,<b>x</b>', 'ftp://files.example/x', 'mailto:a@b.example']) {
      expect(splitLinks(text)).toEqual([{ kind: 'text', text }]);
    }
  });

  it('leaves markup as plain text for the renderer to escape', () => {
    const text = '<img src=x onerror=alert(1)> https://ok.example/<script>';
    const parts = splitLinks(text);
    expect(parts.map((p) => p.text).join('')).toBe(text);
    expect(parts.filter((p) => p.kind === 'link')).toEqual([{ kind: 'link', text: 'https://ok.example/', href: 'https://ok.example/' }]);
  });

  it('finds several links, and returns text without links unchanged', () => {
    expect(splitLinks('https://a.example and https://b.example').filter((p) => p.kind === 'link')).toHaveLength(2);
    expect(splitLinks('no links here')).toEqual([{ kind: 'text', text: 'no links here' }]);
    expect(splitLinks('')).toEqual([]);
  });
});
