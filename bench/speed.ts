// `npm run bench:speed`: what the bot spends on one visitor message, part by part, side by side in one run:
// the matcher alone (the part that was there before the mood), the frustration signals, the mood (complaint
// cues), the count of topic words, and the whole analysis (bot.analyze). Every message of the pack's held-out
// and out-of-scope files is timed 7 times and its median kept, so that a slice lost to another process on
// this shared machine does not pass for the bot's cost; p50/p99 are over those medians. Then the slowest of
// the longest messages a visitor may send (MAX_MESSAGE_CHARS), in shapes that make patterns backtrack.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { MAX_MESSAGE_CHARS } from '../protocol/index.ts';
import { findComplaint } from '../server/bot/complaint.ts';
import { createBot, packExamples } from '../server/bot/create-bot.ts';
import { detectFrustration } from '../server/bot/frustration.ts';
import { trainMatcher } from '../server/bot/matcher.ts';
import { prepare } from '../server/bot/phrases.ts';
import { topicWords } from '../server/bot/vague.ts';
import { parseCsv } from '../server/eval/csv.ts';
import { percentile } from '../server/eval/metrics.ts';
import { loadIntentPack } from '../server/intents/load.ts';
import { LONGEST_MESSAGES } from './longest-messages.ts';

const RUNS = 7;
const pack = await loadIntentPack(fileURLToPath(new URL('../intents', import.meta.url)));
const bot = createBot(pack);
const matcher = trainMatcher(packExamples(pack));
const texts = ['pack-heldout.csv', 'pack-oos.csv'].flatMap((f) =>
  parseCsv(readFileSync(fileURLToPath(new URL(`./data/${f}`, import.meta.url)), 'utf8'))
    .slice(1)
    .filter((r) => r.length > 1)
    .map((r) => r[0]),
);

function median(f: () => unknown): number {
  const t: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    f();
    t.push(performance.now() - t0);
  }
  return t.sort((a, b) => a - b)[RUNS >> 1];
}

const parts: Array<[string, (text: string) => unknown]> = [
  ['matcher alone', (t) => matcher.classify(t)],
  ['frustration signals', (t) => detectFrustration(t)],
  ['complaint cues (mood)', (t) => findComplaint(prepare(t), t)],
  ['topic words (vague)', (t) => topicWords(prepare(t))],
  ['whole analysis', (t) => bot.analyze(t)],
];
for (const [, f] of parts) for (const t of texts) f(t);
console.log(`${texts.length} pack messages (held-out + out-of-scope), median of ${RUNS} runs each`);
for (const [name, f] of parts) {
  const ms = texts.map((t) => median(() => f(t))).sort((a, b) => a - b);
  console.log(`  ${name.padEnd(24)} p50 ${percentile(ms, 50).toFixed(3)} ms   p99 ${percentile(ms, 99).toFixed(3)} ms`);
}

const longest = LONGEST_MESSAGES;
console.log(`\nlongest messages (${MAX_MESSAGE_CHARS} characters, ${longest.length} shapes), slowest shape, median of ${RUNS} runs`);
for (const [name, f] of parts) {
  const worst = Math.max(...longest.map((t) => median(() => f(t))));
  console.log(`  ${name.padEnd(24)} ${worst.toFixed(2)} ms`);
}
