import { detectFrustration } from './frustration.ts';
import type { Matcher } from './matcher.ts';
import { detectMood } from './mood.ts';
import { findPhrases, prepare } from './phrases.ts';
import { assessPriority, type PriorityAssessment } from './priority.ts';
import { ANSWER_THRESHOLD } from './thresholds.ts';
import { topicWords } from './vague.ts';
import type { Analysis, BotState, Lang } from './types.ts';

export interface AnalyzeOptions {
  locale?: Lang;
  state?: BotState;
  waitingSeconds?: number;
}

/** Analysis plus what the policy needs and the output line does not show. */
export interface FullAnalysis extends Analysis {
  urgent: PriorityAssessment['urgent'];
  /** The visitor asked for a person in so many words ("real person", "转人工"). */
  askedForPerson: boolean;
  /** How many words name a topic (server/bot/vague.ts): 0 for "it doesn't work", 1 for "payment". */
  topicWords: number;
}

const round = (n: number) => Math.round(n * 1000) / 1000;

/**
 * What one message says: which intent (or none), how frustrated, how urgent. `handoffIntents` are the
 * pack's intents that mean "I want a person"; matching one counts as asking for a person.
 */
export function createAnalyzer(matcher: Matcher, handoffIntents: ReadonlySet<string> = new Set()) {
  return function analyze(text: string, opts: AnalyzeOptions = {}): FullAnalysis {
    const { lang, ranked } = matcher.classify(text, opts.locale);
    const top = ranked[0];
    const intent = top && top.confidence >= ANSWER_THRESHOLD ? top.intent : null;
    const alternatives = ranked.slice(intent ? 1 : 0, intent ? 4 : 3).map((s) => ({ intent: s.intent, confidence: round(s.confidence) }));

    const frustration = detectFrustration(text, { state: opts.state, waitingSeconds: opts.waitingSeconds });
    const p = prepare(text);
    const mood = detectMood(p, text, frustration);
    const assessment = assessPriority(p, frustration, mood.mood);
    const request = findPhrases(p, 'humanRequest')[0];
    const askedForPerson = Boolean(request) || (intent !== null && handoffIntents.has(intent));

    const reasons: string[] = [];
    if (intent) reasons.push(`matched ${intent} (${top.confidence.toFixed(2)})`);
    else if (top) reasons.push(`no confident intent (best ${top.intent} ${top.confidence.toFixed(2)})`);
    if (askedForPerson) reasons.push(request ? `asked for a person: '${request}'` : 'asked for a person');
    reasons.push(...assessment.reasons);
    if (frustration.summary) reasons.push(frustration.summary);
    if (mood.mood !== 'calm') reasons.push(`${mood.mood}: ${mood.cues.slice(0, 4).join(', ')}`);

    return {
      text,
      lang,
      intent,
      confidence: round(top?.confidence ?? 0),
      alternatives,
      mood: mood.mood,
      frustrated: mood.mood !== 'calm',
      frustration: frustration.score,
      priority: assessment.priority,
      escalate: assessment.priority === 'urgent' || askedForPerson,
      reasons,
      urgent: assessment.urgent,
      askedForPerson,
      topicWords: topicWords(p),
    };
  };
}

/** The public shape of an analysis (the `parley analyze` line), without the policy's extras. */
export function publicAnalysis({ urgent: _u, askedForPerson: _a, topicWords: _t, ...analysis }: FullAnalysis): Analysis {
  return analysis;
}
