import type { Intent, IntentPack } from '../intents/schema.ts';
import { createAnalyzer, publicAnalysis } from './analyze.ts';
import { fitMatcher, matcherFrom, type TrainedMatcher } from './matcher.ts';
import { prepare } from './phrases.ts';
import { decide, waitingSeconds } from './policy.ts';
import type { Bot } from './types.ts';
import { topicWords } from './vague.ts';

/** Every example of every intent, in both languages, labelled with the intent's id. */
export function packExamples(pack: IntentPack): Array<{ text: string; label: string }> {
  return pack.intents.flatMap((intent) => [...intent.examples.en, ...intent.examples.zh].map((text) => ({ text, label: intent.id })));
}

/**
 * The pack's social intents: those whose examples mostly name no topic ("hi", "thanks", 你好). The policy
 * answers them even though it asks about other messages that name no topic ("it doesn't work").
 */
export function socialIntents(pack: IntentPack): Set<string> {
  const topicless = (texts: string[]) => texts.filter((t) => topicWords(prepare(t)) === 0).length;
  return new Set(
    pack.intents
      .filter((i) => {
        const texts = [...i.examples.en, ...i.examples.zh];
        return topicless(texts) * 2 >= texts.length;
      })
      .map((i) => i.id),
  );
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
  const social = socialIntents(pack);
  const analyze = createAnalyzer(matcherFrom(trained), new Set(pack.intents.filter((i) => i.handoff).map((i) => i.id)));
  return {
    intents: pack.intents.map(({ id, title }) => ({ id, title })),
    analyze: (text, opts = {}) => publicAnalysis(analyze(text, opts)),
    decide: (turn) => decide(turn, analyze(turn.text, { locale: turn.locale, state: turn.state, waitingSeconds: waitingSeconds(turn.state, turn.at) }), byId, social),
  };
}
