import { readFile, stat } from 'node:fs/promises';
import { createBot } from '../bot/create-bot.ts';
import { createAnalyzer, publicAnalysis } from '../bot/analyze.ts';
import { trainMatcher } from '../bot/matcher.ts';
import type { Analysis, Lang } from '../bot/types.ts';
import { parseLabelledCsv } from '../eval/csv.ts';
import { loadIntentPack } from '../intents/load.ts';

/**
 * What the CLI commands train from: an intents folder (the bot as it runs) or a CSV `text,label`
 * (a bare matcher, the way the benchmarks use it). Both give the same analysis function.
 */
export async function analyzerFrom(path: string): Promise<(text: string, locale?: Lang) => Analysis> {
  if ((await stat(path)).isDirectory()) {
    const bot = createBot(await loadIntentPack(path));
    return (text, locale) => bot.analyze(text, { locale });
  }
  const analyze = createAnalyzer(trainMatcher(parseLabelledCsv(await readFile(path, 'utf8'), path)));
  return (text, locale) => publicAnalysis(analyze(text, { locale }));
}

