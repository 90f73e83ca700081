const HTML: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text for HTML: every string a visitor (or anyone) wrote goes through this before it is placed in markup. */
export const escapeHtml = (s: string): string => s.replace(/[&<>"']/g, (c) => HTML[c]!);

/** Escaped, with line breaks kept. */
export const htmlLines = (s: string): string => escapeHtml(s).replace(/\r?\n/g, '<br>');

/** Only http(s) links are placed in mail; anything else (javascript:, data:) becomes null. */
export function safeLink(url: string | null | undefined): string | null {
  if (!url) return null;
  try {
    const u = new URL(url);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.href : null;
  } catch {
    return null;
  }
}
