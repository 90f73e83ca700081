import vagueData from '../../lexicons/vague.json' with { type: 'json' };
import type { Prepared } from './phrases.ts';

const data = vagueData as unknown as { en: string[]; zh: string[] };
const EN = new Set(data.en.filter((w) => !w.includes(' ')));
// Longest first, so that 有问题 goes before 问题 and 有.
const ZH = [...data.zh].sort((a, b) => b.length - a.length);
const HAN = /\p{Script=Han}/gu;

/**
 * How many words of a message name a topic: English words not in lexicons/vague.json, Chinese characters
 * left once its generic words are taken out (two characters count as one word). "It doesn't work", "有问题"
 * name none; "payment", "退款" name one; "where is my parcel" names one; "the charger caught fire" names three.
 */
export function topicWords(p: Prepared): number {
  const en = p.words.trim() === '' ? 0 : p.words.trim().split(' ').filter((w) => !EN.has(w) && !/^\d+$/.test(w)).length;
  let compact = p.compact;
  if (!/\p{Script=Han}/u.test(compact)) return en;
  for (const w of ZH) if (compact.includes(w)) compact = compact.split(w).join(' ');
  const han = compact.match(HAN)?.length ?? 0;
  return en + Math.ceil(han / 2);
}

/** At most two English words or four Chinese characters, punctuation aside: "account", "my card", 账户问题. */
export function isBare(text: string): boolean {
  const t = text.normalize('NFKC').toLowerCase();
  const han = t.match(HAN)?.length ?? 0;
  const words = t.replace(HAN, ' ').match(/[a-z0-9']+/g)?.length ?? 0;
  return han === 0 ? words <= 2 : han <= 4 && words === 0;
}
