import type { TrainingExample } from '../bot/matcher.ts';

/**
 * RFC 4180 CSV: fields separated by commas, optionally quoted with "; inside quotes, "" is a quote and
 * commas and line breaks are literal. Accepts \n and \r\n line ends and a UTF-8 byte-order mark.
 */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const endField = () => {
    row.push(field);
    field = '';
  };
  const endRow = () => {
    endField();
    rows.push(row);
    row = [];
  };
  for (; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else field += ch;
    } else if (ch === '"' && field === '') quoted = true;
    else if (ch === ',') endField();
    else if (ch === '\n') endRow();
    else if (ch === '\r') {
      if (text[i + 1] !== '\n') endRow();
    } else field += ch;
  }
  if (quoted) throw new Error('CSV: a quoted field is not closed');
  if (field !== '' || row.length > 0) endRow();
  return rows;
}

/** Labelled examples from a CSV with a header naming `text` and `label` columns (in any order). */
export function parseLabelledCsv(text: string, source = 'CSV'): TrainingExample[] {
  const rows = parseCsv(text);
  const header = rows[0]?.map((h) => h.trim().toLowerCase());
  const ti = header?.indexOf('text') ?? -1;
  const li = header?.indexOf('label') ?? -1;
  if (ti < 0 || li < 0) throw new Error(`${source}: the header must name the columns "text" and "label"`);
  const out: TrainingExample[] = [];
  for (let r = 1; r < rows.length; r++) {
    const row = rows[r];
    if (row.length === 1 && row[0].trim() === '') continue; // blank line
    const text = row[ti];
    const label = row[li];
    if (text === undefined || label === undefined) throw new Error(`${source}: row ${r + 1} has ${row.length} fields`);
    out.push({ text, label: label.trim() });
  }
  return out;
}
