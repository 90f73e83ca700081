import { describe, expect, it } from 'vitest';
import { closeBidi, splitLinks } from '../../widget/app/links.ts';

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

/** The links found in a text, as [what is shown, where it goes]. */
const links = (text: string) => splitLinks(text).flatMap((p) => (p.kind === 'link' ? [[p.text, p.href]] : []));

describe('links that cannot lie: what is shown is where it goes', () => {
  it.each([
    // A host that reads differently from the host the browser goes to is shown as the browser's (punycode).
    ['Cyrillic look-alike letters', 'log in at https://раypal.com/login now', 'https://xn--ypal-43d9g.com/login'],
    ['any IDN host', 'https://münchen.example/', 'https://xn--mnchen-3ya.example/'],
    ['a letter IDNA folds into another', 'https://ℯxample.com/', 'https://example.com/'],
    ['a percent-encoded host', 'https://%70aypal.com/', 'https://paypal.com/'],
    ['a disguised IPv4 address', 'http://0x7f.1/admin', 'http://127.0.0.1/admin'],
    ['a default port', 'https://a.example:443/x', 'https://a.example/x'],
    ['no host before the path', 'https:///evil.example', 'https://evil.example/'],
    // Invisible characters are dropped from the text and the address alike.
    ['a zero-width space in the host', 'https://pay\u200Bpal.com/', 'https://paypal.com/'],
    ['a soft hyphen in the host', 'https://pay\u00ADpal.com/', 'https://paypal.com/'],
    ['a zero-width space in the path', 'https://a.example/\u200Bx', 'https://a.example/x'],
    ['a word joiner', 'https://a.example/a\u2060b', 'https://a.example/ab'],
    ['a byte-order mark, which ends the link like a space', 'https://a.example/a\uFEFFb', 'https://a.example/a'],
    ['a right-to-left override in the path', 'https://a.example/\u202Egpj.exe', 'https://a.example/gpj.exe'],
    ['isolates and marks', 'https://a.example/\u2067x\u2069\u200E\u200F', 'https://a.example/x'],
    ['an invisible character after the punctuation', 'see https://a.example/x.\u200B', 'https://a.example/x'],
  ])('%s', (_, text, shown) => {
    expect(links(text)).toEqual([[shown, new URL(shown).href]]);
  });

  it.each([
    ['a host written as it is read', 'https://shop.example/track?id=7', 'https://shop.example/track?id=7'],
    ['capitals in the host', 'https://Shop.Example/Track', 'https://shop.example/Track'],
    ['a port', 'http://a.example:8080/x', 'http://a.example:8080/x'],
    ['an @ in the path or query', 'https://a.example/@mia?to=a@b.example', 'https://a.example/@mia?to=a@b.example'],
    ['letters beyond ASCII in the path', 'https://a.example/menu/café', 'https://a.example/menu/caf%C3%A9'],
  ])('keeps the text as typed for %s', (_, text, href) => {
    expect(links(text)).toEqual([[text, href]]);
  });

  it.each([
    ['a user name before the host', 'https://example.com@evil.example/'],
    ['a user name and password', 'https://shop.example:secret@evil.example/pay'],
    ['an empty user name', 'https://@evil.example/'],
    ['a backslash that hides the host', 'https://evil.example\\@shop.example/'],
    ['a backslash in the host', 'https://evil.example\\shop.example/'],
  ])('refuses %s: plain text, no link', (_, url) => {
    const text = `go to ${url} now`;
    expect(splitLinks(text)).toEqual([{ kind: 'text', text }]);
  });

  it('shows no invisible character in any link, and each link text parses to its href', () => {
    const text = 'a https://x\u200B.example/\u202Ep b https://раypal.com c https://a.example/\u2066q\u2069 d https://ok.example/';
    const found = splitLinks(text).filter((p) => p.kind === 'link');
    expect(found).toHaveLength(4);
    for (const p of found) {
      expect(p.text).not.toMatch(/\p{DI}/u);
      expect(new URL(p.text).href).toBe(p.href);
    }
  });
});

describe('closeBidi', () => {
  it.each([
    ['plain text', 'Eve', 'Eve'],
    ['a right-to-left override left open', 'Eve\u202Eabc', 'Eve\u202Eabc\u202C'],
    ['an embedding and an isolate left open', '\u2067x\u202Ay', '\u2067x\u202Ay\u202C\u2069'],
    ['a pop with nothing to close', '\u202Cx\u2069y', 'xy'],
    ['a stray pop-isolate that would end the isolate around it', 'a\u2069\u202Eb', 'a\u202Eb\u202C'],
    ['an isolate that closes the embeddings inside it', '\u2067x\u202Ay\u2069z', '\u2067x\u202Ay\u2069z'],
    ['a pop-directional-format inside an isolate it cannot reach past', '\u202Bx\u2066a\u202Cb\u2069', '\u202Bx\u2066ab\u2069\u202C'],
    ['balanced text', 'a\u202Eb\u202Cc\u2068d\u2069', 'a\u202Eb\u202Cc\u2068d\u2069'],
    ['marks, which open nothing', 'a\u200Fb\u200E', 'a\u200Fb\u200E'],
  ])('%s', (_, text, closed) => {
    expect(closeBidi(text)).toBe(closed);
  });
});
