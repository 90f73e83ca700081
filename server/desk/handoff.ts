import type { Handoff } from '../../protocol/index.ts';
import type { Decision } from '../bot/types.ts';

const SUMMARY_CHARS = 200;
/** Lines shorter than this ("yes", "ok", "是") say nothing about the problem. */
const MIN_TELLING_CHARS = 5;

/**
 * The visitor's most telling line for the queue: the most frustrated of their recent messages, longer
 * ones preferred on a tie, later ones on a further tie. `frustration` scores a line 0..1.
 */
export function pickSummary(lines: string[], frustration: (text: string) => number): string {
  let best = '';
  let bestScore = -Infinity;
  lines.forEach((raw, i) => {
    const text = raw.trim().replace(/\s+/g, ' ');
    if (!text) return;
    const telling = [...text].length >= MIN_TELLING_CHARS ? 1 : 0;
    const score = telling * 100 + frustration(text) * 10 + Math.min(text.length, SUMMARY_CHARS) / SUMMARY_CHARS + i / 1000;
    if (score > bestScore) {
      bestScore = score;
      best = text;
    }
  });
  const chars = [...best];
  return chars.length > SUMMARY_CHARS ? chars.slice(0, SUMMARY_CHARS - 1).join('') + '…' : best;
}

/** The package an agent reads before the transcript. */
export function buildHandoff(decision: Decision, summary: string, at: number): Handoff {
  const h = decision.handoff ?? {
    priority: decision.analysis.priority,
    reasons: decision.analysis.reasons,
    frustration: decision.analysis.frustration,
    intent: decision.analysis.intent,
  };
  return {
    priority: h.priority,
    reasons: h.reasons.length > 0 ? h.reasons : ['handed off by the bot'],
    frustration: h.frustration,
    intent: h.intent,
    summary,
    at,
  };
}
