// `npm run bench:vague`: what the bot does with vague and underspecified messages, and with the pack's held-out
// paraphrases, counted per outcome: the right answer / "did you mean A or B?" holding a right one / "could you
// tell me more?" (or a fallback asking to rephrase) / a wrong answer (or an "A or B?" holding none) / other
// (an offer of a person).
//
// bench/data/vague.csv (written by us, en + zh; vague-dev2.csv is a second set written the same way, to check that
// what was tuned on the first carries over): `right` is the one intent whose answer is right, empty when the
// message is too vague for any single answer ("it doesn't work", "payment"); `candidates` are the further
// intents an "A or B?" may fairly offer. bench/data/vague-heldout.csv: the same columns, written blind and never
// used for tuning (`right` may hold several ids); --errors lists no mistakes for it. bench/data/pack-heldout.csv:
// the labelled intent is the only right one.
// bench/data/pack-oos.csv: questions the pack cannot answer; any answer or "A or B?" there is wrong.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createBot } from '../server/bot/create-bot.ts';
import { INITIAL_BOT_STATE, type Decision } from '../server/bot/types.ts';
import { parseCsv } from '../server/eval/csv.ts';
import { loadIntentPack } from '../server/intents/load.ts';

interface Case {
  text: string;
  lang: 'en' | 'zh';
  right: Set<string>;
  fair: Set<string>;
}

function load(name: string): Record<string, string>[] {
  const rows = parseCsv(readFileSync(fileURLToPath(new URL(`./data/${name}`, import.meta.url)), 'utf8'));
  const header = rows[0].map((h) => h.trim());
  return rows.slice(1).filter((r) => r.length > 1).map((r) => Object.fromEntries(header.map((h, i) => [h, (r[i] ?? '').trim()])));
}
const ids = (s: string) => new Set(s.split('|').filter(Boolean));

type Outcome = 'right' | 'choice' | 'more' | 'wrong' | 'other';
const OUTCOMES: Outcome[] = ['right', 'choice', 'more', 'wrong', 'other'];

export function outcome(d: Decision, c: Case): Outcome {
  if (d.kind === 'answer') return d.analysis.intent && c.right.has(d.analysis.intent) ? 'right' : 'wrong';
  if (d.kind === 'clarify' && d.quickReplies.length > 0) {
    const offered = d.quickReplies.map((q) => q.value.replace(/^intent:/, ''));
    return offered.some((i) => c.right.has(i) || c.fair.has(i)) ? 'choice' : 'wrong';
  }
  if (d.kind === 'clarify' || d.kind === 'fallback') return 'more';
  return 'other';
}

const pack = await loadIntentPack(fileURLToPath(new URL('../intents', import.meta.url)));
const bot = createBot(pack);
const decide = (c: Case) => bot.decide({ text: c.text, reply: null, state: INITIAL_BOT_STATE, locale: c.lang, at: 0 });

const sets: Array<[string, Case[]]> = [];
const vagueSets = (file: string) => {
  const cases = load(file).map((r) => ({ text: r.text, lang: r.lang as 'en' | 'zh', right: ids(r.right), fair: ids(r.candidates) }));
  sets.push([`${file}, English`, cases.filter((c) => c.lang === 'en')], [`${file}, Chinese`, cases.filter((c) => c.lang === 'zh')]);
};
vagueSets('vague.csv');
vagueSets('vague-dev2.csv');
vagueSets('vague-heldout.csv');
const held = load('pack-heldout.csv').map((r) => ({ text: r.text, lang: r.lang as 'en' | 'zh', right: ids(r.label), fair: new Set<string>() }));
sets.push(['pack-heldout.csv, English', held.filter((c) => c.lang === 'en')], ['pack-heldout.csv, Chinese', held.filter((c) => c.lang === 'zh')]);
sets.push(['pack-oos.csv (nothing is right)', load('pack-oos.csv').map((r) => ({ text: r.text, lang: r.lang as 'en' | 'zh', right: new Set(), fair: new Set() }))]);

const pct = (a: number, n: number) => `${((a / n) * 100).toFixed(1)}%`.padStart(6);
for (const [name, cases] of sets) {
  const counts = Object.fromEntries(OUTCOMES.map((o) => [o, 0])) as Record<Outcome, number>;
  const wrong: string[] = [];
  for (const c of cases) {
    const d = decide(c);
    const o = outcome(d, c);
    counts[o]++;
    if (o === 'wrong') wrong.push(`    wrong: ${c.text} → ${d.kind} ${d.kind === 'answer' ? d.analysis.intent : d.quickReplies.map((q) => q.value).join(' / ')}`);
  }
  console.log(`${name.padEnd(34)} n=${String(cases.length).padStart(3)}  ${OUTCOMES.map((o) => `${o} ${pct(counts[o], cases.length)}`).join('  ')}`);
  if (process.argv.includes('--errors') && !name.includes('heldout')) console.log(wrong.join('\n'));
}
