// Message text is rendered as text nodes; only http(s) URLs become links. No HTML is ever parsed.

export type TextPart = { kind: 'text'; text: string } | { kind: 'link'; text: string; href: string };

// Stops at whitespace, quotes and brackets, and at Chinese text and punctuation, which often follow a URL
// with no space between (typed IDN links are rare enough to lose).
const URL_RE = /\bhttps?:\/\/[^\s<>"'`\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]+/gi;
const TRAILING = /[.,;:!?)\]}'"。，；：！？）】」\p{DI}]+$/u;
// Characters that show nothing (zero-width, joiners, bidi controls and marks, soft hyphen, variation selectors,
// BOM, …): Unicode's Default_Ignorable_Code_Point.
const INVISIBLE = /\p{DI}/gu;

export function splitLinks(text: string): TextPart[] {
  const parts: TextPart[] = [];
  let last = 0;
  for (const match of text.matchAll(URL_RE)) {
    let url = match[0];
    const trail = TRAILING.exec(url);
    // Keep a closing bracket that has its opening partner inside the URL (e.g. wiki links).
    if (trail && !(trail[0] === ')' && url.includes('('))) url = url.slice(0, -trail[0].length);
    const link = toLink(url);
    if (!link) continue;
    const start = match.index;
    if (start > last) parts.push({ kind: 'text', text: text.slice(last, start) });
    parts.push({ kind: 'link', ...link });
    last = start + url.length;
  }
  if (last < text.length) parts.push({ kind: 'text', text: text.slice(last) });
  return parts;
}

/**
 * A typed http(s) URL as a link whose text is where it goes, or null (left as text). Invisible characters
 * leave the text and the address alike; a host that reads differently from the one the browser resolves
 * (WHATWG URL: punycode for look-alike letters, percent-escapes, odd IPv4 forms) is shown as the real
 * address; a user name before the host ("https://bank.example@evil.example") or a backslash there is refused.
 */
export function toLink(url: string): { text: string; href: string } | null {
  const text = url.replace(INVISIBLE, '');
  const host = /^https?:\/\/([^/?#]*)/i.exec(text)?.[1];
  if (host == null || /[@\\]/.test(host)) return null;
  try {
    const { href, host: real } = new URL(text);
    return { text: host.toLowerCase() === real ? text : href, href };
  } catch {
    return null;
  }
}

/**
 * Someone else's text made safe to place among ours: every embedding, override and isolate it opens is
 * closed at its end, and a closer it did not open is dropped — so, inside a <bdi> or between U+2068 and
 * U+2069, nothing it holds reorders the text around it.
 */
export function closeBidi(text: string): string {
  const closers: string[] = []; // what each open one needs, innermost last
  const kept = text.replace(/[\u202a-\u202e\u2066-\u2069]/g, (c) => {
    if (c === '\u202c') return closers.at(-1) === c ? (closers.pop(), c) : '';
    if (c === '\u2069') {
      // A pop-isolate also closes the embeddings opened inside its isolate.
      const i = closers.lastIndexOf(c);
      if (i < 0) return '';
      closers.length = i;
      return c;
    }
    closers.push(c < '\u2066' ? '\u202c' : '\u2069');
    return c;
  });
  return kept + closers.reverse().join('');
}
