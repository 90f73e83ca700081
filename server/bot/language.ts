import type { Lang } from './types.ts';

const HAN = /\p{Script=Han}/u;
const LATIN = /\p{Script=Latin}/u;

/**
 * Which language a message is in, judged by its letters: Han characters count more than Latin letters
 * because one Han character carries roughly a word (so "我的 order 呢" is Chinese, and "where is my 订单"
 * with a single borrowed word stays English). Digits, emoji and punctuation say nothing: fallback.
 */
export function detectLang(text: string, fallback: Lang): Lang {
  let han = 0;
  let latin = 0;
  for (const ch of text) {
    if (HAN.test(ch)) han++;
    else if (LATIN.test(ch)) latin++;
  }
  if (han === 0 && latin === 0) return fallback;
  // A Latin word averages ~5 letters; a Han character is about one word.
  return han * 2.5 >= latin ? 'zh' : 'en';
}
