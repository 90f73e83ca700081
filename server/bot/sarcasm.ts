import { findPhrases, hasPhrase, prepare, type Prepared } from './phrases.ts';
import { chineseSentiment, englishSentiment } from './sentiment.ts';

/**
 * Praise in scare quotes is the shop's own claim quoted back at it: 你们的“极速发货”, 这“优质”服务.
 * Only in statements whose other words are not praise: a question that quotes a name ("“开心果”味的还有吗？")
 * asks about a product, and "宝宝很喜欢，“超棒”" quotes the visitor's own delight.
 */
const SCARE_QUOTED = /["“”「」『』]([^"“”「」『』]{1,12})["“”「」『』]/g;

function scareQuoted(text: string): string | null {
  const t = text.normalize('NFKC');
  if (t.includes('?')) return null;
  // Chinese only: English visitors quote buttons and status lines ("it says "successful"") far more than they sneer.
  for (const [, inner] of t.matchAll(SCARE_QUOTED)) {
    if (!/^\p{Script=Han}{1,6}$/u.test(inner) || chineseSentiment(inner).total <= 0) continue;
    if (chineseSentiment(t.replace(SCARE_QUOTED, '，')).total <= 0) return `“${inner}”`;
  }
  return null;
}

/**
 * The sarcasm cue of a message, or null: a sarcastic phrase ("thanks for nothing"), praise in scare quotes,
 * praise taken back ("…, not"), or a praise opener followed by a complaint cue ("great, another delay").
 * Under sarcasm the praise words are the joke, so the caller drops them from the sentiment.
 */
export function sarcasm(p: Prepared, text: string): string | null {
  const phrase = findPhrases(p, 'sarcasmPhrases')[0];
  if (phrase) return phrase;
  const quoted = scareQuoted(text) ?? retracted(text);
  if (quoted) return quoted;
  // Praise that opens the message followed by a complaint cue: "great, another week of waiting".
  const firstWords = p.words.trim().split(' ').slice(0, 2).join(' ');
  const opener = findPhrases(prepare(firstWords), 'sarcasmOpeners')[0];
  const head = p.compact.slice(0, 5);
  const zhOpener = findPhrases({ words: ' ', compact: head }, 'sarcasmOpeners')[0];
  const found = opener ?? zhOpener;
  if (!found) return null;
  const rest: Prepared = opener
    ? { words: p.words.slice(p.words.indexOf(opener) + opener.length), compact: '' }
    : { words: ' ', compact: p.compact.slice(p.compact.indexOf(found) + found.length) };
  const cue = findPhrases(rest, 'sarcasmCues')[0];
  // A calm thank-you that mentions time ("great, it took two days") or a return customer ("great service, will
  // order again") is not sarcasm unless it says so.
  if (!cue || hasPhrase(p, 'sincere')) return null;
  return `${found} … ${cue}`;
}

/** Praise taken back by a final "not": "cheers for the help, not". Only the tail is a pattern, so a long message costs one pass. */
const RETRACTED = /,\s*not\W*$/i;

function retracted(text: string): string | null {
  const t = text.normalize('NFKC').trim();
  const m = RETRACTED.exec(t);
  return m && englishSentiment(t.slice(0, m.index)).total > 0 ? '…, not' : null;
}
