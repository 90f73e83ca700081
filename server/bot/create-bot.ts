import type { Intent, IntentPack } from '../intents/schema.ts';
import { createAnalyzer, publicAnalysis } from './analyze.ts';
import { fitMatcher, matcherFrom, type TrainedMatcher } from './matcher.ts';
import { decide } from './policy.ts';
import type { Bot } from './types.ts';

/** Every example of every intent, in both languages, labelled with the intent's id. */
export function packExamples(pack: IntentPack): Array<{ text: string; label: string }> {
  return pack.intents.flatMap((intent) => [...intent.examples.en, ...intent.examples.zh].map((text) => ({ text, label: intent.id })));
}

/** Trains the matcher on the pack and returns the pure bot: text and conversation state in, decision out. */
export function createBot(pack: IntentPack): Bot {
  return botFrom(pack, trainPack(pack));
}

/** The costly part of createBot, as plain data (a worker thread runs it: server/intents/train-worker.ts). */
export function trainPack(pack: IntentPack): TrainedMatcher {
  return fitMatcher(packExamples(pack));
}

/** The bot of a pack whose matcher trainPack() already trained. */
export function botFrom(pack: IntentPack, trained: TrainedMatcher): Bot {
  const byId = new Map<string, Intent>(pack.intents.map((i) => [i.id, i]));
  const analyze = createAnalyzer(matcherFrom(trained), new Set(pack.intents.filter((i) => i.handoff).map((i) => i.id)));
  return {
    intents: pack.intents.map(({ id, title }) => ({ id, title })),
    analyze: (text, opts = {}) => publicAnalysis(analyze(text, opts)),
    decide: (turn) => decide(turn, analyze(turn.text, { locale: turn.locale, state: turn.state, waitingSeconds: turn.waitingSeconds }), byId),
  };
}
