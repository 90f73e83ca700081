// `npm run bench:mood`: the mood detector (server/bot/mood.ts) on real customers' words, ../shared/eval/mood
// (tweets to airlines, Chinese shopping reviews; README there). `frustrated` = mood unhappy or angry. The rows
// are read at run time from PARLEY_EVAL_DIR (default /work/shared/eval) and never copied into the project.
//
// Each file is cut in two fixed halves by row number: even rows are dev (their misses may be read, with
// `--errors`, to write cues), odd rows are held out (figures only; never printed). The gap between the halves
// is the estimate of what happens on text nobody has read. Beside them, side by side in the same run: the
// frustration score alone (the detector before mood, threshold FRUSTRATED_THRESHOLD) as the baseline, and
// how often the pack's own examples — mostly ordinary questions — read as unhappy.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseCsv } from '../server/eval/csv.ts';
import { detectFrustration } from '../server/bot/frustration.ts';
import { detectMood, UNHAPPY_POINTS } from '../server/bot/mood.ts';
import { packExamples } from '../server/bot/create-bot.ts';
import { loadIntentPack } from '../server/intents/load.ts';
import { asksRoutineQuestion } from '../server/bot/routine-question.ts';
import { prepare } from '../server/bot/phrases.ts';
import { binaryScores } from '../server/eval/metrics.ts';

const EVAL_DIR = process.env.PARLEY_EVAL_DIR ?? '/work/shared/eval';

interface Row {
  text: string;
  gold: boolean;
  index: number;
}

function load(file: string): Row[] {
  const rows = parseCsv(readFileSync(join(EVAL_DIR, 'mood', file), 'utf8'));
  const header = rows[0].map((h) => h.trim());
  const ti = header.indexOf('text');
  const li = header.indexOf('label');
  return rows
    .slice(1)
    .filter((r) => r.length > 1)
    .map((r, index) => ({ text: r[ti], gold: r[li].trim() === '1', index }));
}

/** Scores a prediction made from the text alone. */
const prf = (rows: Row[], predict: (text: string) => boolean) => binaryScores(rows, (row) => predict(row.text));

const pct = (x: number) => `${(x * 100).toFixed(1)}%`.padStart(6);
const line = (name: string, m: ReturnType<typeof prf>) => `    ${name.padEnd(30)} n=${String(m.n).padStart(4)}  P ${pct(m.p)}  R ${pct(m.r)}  F1 ${pct(m.f1)}`;

const mood = (text: string) => detectMood(prepare(text), text, detectFrustration(text));
const frustrated = (text: string) => mood(text).mood !== 'calm';
const before = (text: string) => detectFrustration(text).frustrated;

const errors = process.argv.includes('--errors');
for (const file of ['en-airline-tweets.csv', 'zh-shopping-reviews.csv']) {
  const rows = load(file);
  const dev = rows.filter((r) => r.index % 2 === 0);
  const held = rows.filter((r) => r.index % 2 === 1);
  console.log(file);
  for (const [name, half] of [
    ['dev half (even rows)', dev],
    ['held-out half (odd rows)', held],
  ] as const) {
    console.log(`  ${name}`);
    console.log(line('mood: frustrated', prf(half, frustrated)));
    console.log(line('baseline: frustration score', prf(half, before)));
  }
  const points = new Map(rows.map((r) => [r.text, mood(r.text).points]));
  console.log(`  UNHAPPY_POINTS sweep on the dev half (how it was chosen; shipped ${UNHAPPY_POINTS})`);
  for (let t = 0.6; t <= 1.501; t += 0.1) console.log(line(`points >= ${t.toFixed(1)}`, prf(dev, (text) => points.get(text)! >= t)));
  if (errors) {
    for (const r of dev) {
      const m = mood(r.text);
      if ((m.mood !== 'calm') !== r.gold) console.log(`  ${r.gold ? 'missed' : 'false alarm'}  ${m.mood}  ${r.text.replace(/\s+/g, ' ')}  [${m.cues.join(', ')}]`);
    }
  }
}

// The pack's own examples are what visitors ask every day. Questions among them ("where is my parcel?",
// "do you ship to Canada", 我的快递到哪了) must read calm; the reports of a fault (damaged_item, "order
// still not here") are complaints by the issue's definition, so they are counted apart.
const pack = await loadIntentPack(fileURLToPath(new URL('../intents', import.meta.url)));
const examples = packExamples(pack);
const questions = examples.filter((e) => asksRoutineQuestion(prepare(e.text)));
const flagged = (list: typeof examples) => list.filter((e) => frustrated(e.text));
const share = (a: number, b: number) => `${a}/${b} (${((a / b) * 100).toFixed(1)}%)`;
console.log(`\nthe pack's own examples read as unhappy or angry`);
console.log(`    all examples                   ${share(flagged(examples).length, examples.length)}   baseline ${share(examples.filter((e) => before(e.text)).length, examples.length)}`);
console.log(`    routine questions among them   ${share(flagged(questions).length, questions.length)}   baseline ${share(questions.filter((e) => before(e.text)).length, questions.length)}`);
if (errors) for (const e of flagged(questions)) console.log(`    question read as unhappy: ${e.label}  ${e.text}  [${mood(e.text).cues.join(', ')}]`);
