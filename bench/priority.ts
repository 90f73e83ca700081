// `npm run bench:priority`: the priority a handoff would get (server/bot/priority.ts) against our labelled
// sets bench/data/priority-{en,zh}.csv (text,priority,category; written by us), side by side with two
// baselines: "frustration only" (high when strongly frustrated, normal when frustrated, else low: no
// complaint phrases) and a queue with no priority at all (everything normal).
//
// Labelling rule: urgent = the message reports (not asks about) a safety risk or injury, a personal-data
// leak, a legal step, discrimination, or going to the media; category names which. high = a serious
// product failure (dead on arrival, damage to the home, data lost) or strong anger. normal = a service or
// process problem (late, wrong item, double charge, no reply) or mild annoyance. low = a routine question,
// even one that mentions fire, lawyers or privacy.
//
// Even rows are the dev half (phrase lists may be extended from its misses: `--errors` lists them);
// odd rows are held out and their mistakes are never printed. Both halves were written by the author of the
// phrase lists, so the held-out half flatters them; bench/data/priority-blind-{en,zh}.csv (same rule, same
// columns) were written by someone who had not read the lists or the detector, and are held out entirely.
// bench/data/priority-dev-{en,zh}.csv ("dev set 2") are a second, larger dev set written before the cues
// were tuned on it, with many routine questions that name fire, lawyers, media or privacy: all its rows
// are dev rows, so `--errors` lists its misses too.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Priority } from '../protocol/index.ts';
import { parseCsv } from '../server/eval/csv.ts';
import { detectFrustration, STRONG_FRUSTRATION } from '../server/bot/frustration.ts';
import { detectMood } from '../server/bot/mood.ts';
import { prepare } from '../server/bot/phrases.ts';
import { assessPriority } from '../server/bot/priority.ts';

interface Row {
  text: string;
  gold: Priority;
  category: string;
  index: number;
}

interface Guess {
  priority: Priority;
  category: string | null;
}

const LEVELS: Priority[] = ['urgent', 'high', 'normal', 'low'];

function load(name: string): Row[] {
  const rows = parseCsv(readFileSync(fileURLToPath(new URL(`./data/${name}.csv`, import.meta.url)), 'utf8'));
  const header = rows[0].map((h) => h.trim());
  const [ti, pi, ci] = ['text', 'priority', 'category'].map((k) => header.indexOf(k));
  return rows
    .slice(1)
    .filter((r) => r.length > 1)
    .map((r, index) => ({ text: r[ti], gold: r[pi].trim() as Priority, category: (r[ci] ?? '').trim(), index }));
}

const parley = (text: string): Guess => {
  const p = prepare(text);
  const f = detectFrustration(text);
  const a = assessPriority(p, f, detectMood(p, text, f).mood);
  return { priority: a.priority, category: a.urgent };
};
const frustrationOnly = (text: string): Guess => {
  const f = detectFrustration(text);
  return { priority: f.score >= STRONG_FRUSTRATION ? 'high' : f.frustrated ? 'normal' : 'low', category: null };
};
const noPriority = (): Guess => ({ priority: 'normal', category: null });

const pct = (a: number, b: number) => (b === 0 ? '   n/a' : `${((a / b) * 100).toFixed(1)}%`.padStart(6));

function report(name: string, rows: Row[], guess: (text: string) => Guess): string {
  const gs = rows.map((r) => guess(r.text));
  const right = rows.filter((r, i) => gs[i].priority === r.gold).length;
  const urgentGold = rows.filter((r) => r.gold === 'urgent').length;
  const urgentHit = rows.filter((r, i) => r.gold === 'urgent' && gs[i].priority === 'urgent').length;
  const urgentSaid = gs.filter((g) => g.priority === 'urgent').length;
  const categoryRight = rows.filter((r, i) => r.gold === 'urgent' && gs[i].category === r.category).length;
  // Off by more than one level (urgent as low, low as high…) is what hurts a queue most.
  const farOff = rows.filter((r, i) => Math.abs(LEVELS.indexOf(r.gold) - LEVELS.indexOf(gs[i].priority)) > 1).length;
  const recall = LEVELS.map((l) => `${l} ${pct(rows.filter((r, i) => r.gold === l && gs[i].priority === l).length, rows.filter((r) => r.gold === l).length)}`);
  return `  ${name.padEnd(18)} exact ${pct(right, rows.length)}  urgent R ${pct(urgentHit, urgentGold)} P ${pct(urgentHit, urgentSaid)}  category ${pct(categoryRight, urgentGold)}  off by 2+ ${String(farOff).padStart(2)}  | recall ${recall.join('  ')}`;
}

for (const lang of ['en', 'zh'] as const) {
  const all = load(`priority-${lang}`);
  const dev2 = load(`priority-dev-${lang}`);
  for (const [half, rows] of [
    ['dev half (even rows)', all.filter((r) => r.index % 2 === 0)],
    ['dev set 2', dev2],
    ['held-out half (odd rows)', all.filter((r) => r.index % 2 === 1)],
    ['blind set (all held out)', load(`priority-blind-${lang}`)],
  ] as const) {
    console.log(`${lang === 'en' ? 'English' : 'Chinese'}, ${half}, n=${rows.length}`);
    console.log(report('Parley', rows, parley));
    console.log(report('frustration only', rows, frustrationOnly));
    console.log(report('no priority', rows, noPriority));
  }
  if (process.argv.includes('--errors')) {
    for (const [set, r] of [
      ...all.filter((x) => x.index % 2 === 0).map((x) => ['dev', x] as const),
      ...dev2.map((x) => ['dev2', x] as const),
    ]) {
      const g = parley(r.text);
      if (g.priority !== r.gold || (r.gold === 'urgent' && g.category !== r.category)) {
        console.log(`    ${set} miss: gold ${r.gold}${r.category ? '/' + r.category : ''}, got ${g.priority}${g.category ? '/' + g.category : ''}  ${r.text}`);
      }
    }
  }
}

// The same wish in either language gets the same priority: bench/data/priority-pairs.csv holds messages and
// our own translation of each (en, zh), from routine questions to urgent incidents. No gold level: only
// whether the two sides agree, and which level each side got when they do not (`--errors` lists them).
{
  const path = fileURLToPath(new URL('./data/priority-pairs.csv', import.meta.url));
  const rows = parseCsv(readFileSync(path, 'utf8')).slice(1).filter((r) => r.length > 1);
  const side = (guess: (t: string) => Guess) => rows.filter(([en, zh]) => guess(en).priority === guess(zh).priority).length;
  console.log(`\nSame priority in both languages, priority-pairs.csv, n=${rows.length} pairs`);
  console.log(`  Parley             ${pct(side(parley), rows.length)}`);
  console.log(`  frustration only   ${pct(side(frustrationOnly), rows.length)}`);
  if (process.argv.includes('--errors')) {
    for (const [en, zh] of rows) {
      const [a, b] = [parley(en).priority, parley(zh).priority];
      if (a !== b) console.log(`    ${a.padEnd(6)} ${en}  |  ${b.padEnd(6)} ${zh}`);
    }
  }
}
