/**
 * One RFC 4180 field: quoted when it holds a comma, quote, CR or LF (quotes doubled). A cell that a
 * spreadsheet would read as a formula (= + - @, or a tab or CR first) is prefixed with an apostrophe, so a
 * visitor's "=HYPERLINK(…)" stays text when the lead opens the file.
 */
export function csvField(value: string | number | null): string {
  if (value === null) return '';
  let s = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(s)) s = "'" + s;
  return /[",\r\n]/.test(s) ? '"' + s.replace(/"/g, '""') + '"' : s;
}

/** One record, CRLF-terminated as RFC 4180 says. */
export const csvRow = (fields: Array<string | number | null>) => fields.map(csvField).join(',') + '\r\n';
