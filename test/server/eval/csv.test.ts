import { describe, expect, it } from 'vitest';
import { parseCsv, parseLabelledCsv } from '../../../server/eval/csv.ts';

describe('CSV reading', () => {
  it('reads quoted fields with commas, quotes and line breaks, CRLF ends and a byte-order mark', () => {
    const text = '\ufefftext,label\r\n"hello, world",greet\r\n"she said ""hi""",quote\r\n"two\nlines",multi\r\n';
    expect(parseCsv(text)).toEqual([
      ['text', 'label'],
      ['hello, world', 'greet'],
      ['she said "hi"', 'quote'],
      ['two\nlines', 'multi'],
    ]);
  });

  it('finds the text and label columns in any order and skips blank lines', () => {
    expect(parseLabelledCsv('label,text\nrefund, where is my money\n\nbye,see you\n')).toEqual([
      { text: ' where is my money', label: 'refund' },
      { text: 'see you', label: 'bye' },
    ]);
  });

  it('names the file when the header lacks a column', () => {
    expect(() => parseLabelledCsv('sentence,intent\nhi,greet\n', 'mine.csv')).toThrow('mine.csv: the header must name the columns "text" and "label"');
  });

  it('refuses an unclosed quote', () => {
    expect(() => parseCsv('text,label\n"open,x\n')).toThrow('not closed');
  });
});
