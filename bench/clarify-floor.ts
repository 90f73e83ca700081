// `npm run bench:clarify`: the figures behind CLARIFY_FLOOR (server/bot/policy.ts). For each floor,
// how many "A or B?" questions the bot would ask, how often the runner-up was the right intent (a question
// that pays off) or the best one was (a needless question), and how many questions a shop's bot would ask
// about messages that are not a shop's business. Reads CLINC150 from PARLEY_EVAL_DIR (default
// /work/shared/eval); never the project's held-out files.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseLabelledCsv } from '../server/eval/csv.ts';
import { OOS } from '../server/eval/metrics.ts';
import { trainMatcher, type Matcher } from '../server/bot/matcher.ts';
import { CLARIFY_MARGIN } from '../server/bot/thresholds.ts';
import { CLARIFY_FLOOR } from '../server/bot/policy.ts';
import { packExamples } from '../server/bot/create-bot.ts';
import { loadIntentPack } from '../server/intents/load.ts';

const EVAL_DIR = process.env.PARLEY_EVAL_DIR ?? '/work/shared/eval';
const load = (rel: string) => parseLabelledCsv(readFileSync(join(EVAL_DIR, rel), 'utf8'), rel);
const FLOORS = [0.15, 0.2, 0.25, 0.3, 0.35, 0.4];

/** The best two candidates when the policy would ask "A or B?" at this floor, else null. */
function asks(m: Matcher, text: string, floor: number) {
  const [a, b] = m.classify(text).ranked;
  return a && b && a.confidence - b.confidence < CLARIFY_MARGIN && b.confidence >= floor ? [a.intent, b.intent] : null;
}

const val = load('clinc150/val.csv');
console.log(`CLARIFY_MARGIN ${CLARIFY_MARGIN}, shipped CLARIFY_FLOOR ${CLARIFY_FLOOR}\n`);
for (const train of ['clinc150/train-10shot.csv', 'clinc150/train-5shot.csv']) {
  const m = trainMatcher(load(train));
  console.log(`CLINC150 val.csv, trained on ${train}`);
  for (const floor of FLOORS) {
    let asked = 0;
    let runnerUp = 0;
    let needless = 0;
    let oos = 0;
    for (const e of val) {
      const pair = asks(m, e.text, floor);
      if (!pair) continue;
      asked++;
      if (e.label === OOS) oos++;
      else if (pair[1] === e.label) runnerUp++;
      else if (pair[0] === e.label) needless++;
    }
    console.log(`  floor ${floor.toFixed(2)}  asked ${String(asked).padStart(3)}  runner-up right ${String(runnerUp).padStart(3)}  needless ${String(needless).padStart(3)}  out of scope ${oos}`);
  }
}

// Every CLINC150 out-of-scope message and every 10th in-scope one: banking, travel, small talk… none of
// them a question for an online shop's bot.
const pack = await loadIntentPack(fileURLToPath(new URL('../intents', import.meta.url)));
const shop = trainMatcher(packExamples(pack));
const foreign = val.filter((e, i) => e.label === OOS || i % 10 === 0).map((e) => e.text);
console.log(`\nshipped pack (${pack.intents.length} intents) on ${foreign.length} CLINC150 val messages that are not a shop's business`);
for (const floor of FLOORS) console.log(`  floor ${floor.toFixed(2)}  asked ${foreign.filter((t) => asks(shop, t, floor)).length}`);
