import type { Priority } from '../../protocol/index.ts';
import { priorityRank } from '../../protocol/index.ts';
import { STRONG_FRUSTRATION, type Frustration } from './frustration.ts';
import { findPairs } from './phrase-pairs.ts';
import { findPhrases, type PhraseCategory, type Prepared } from './phrases.ts';

/** The urgent categories of complaint handling, in the order an agent should read them. */
const URGENT: Array<{ category: PhraseCategory; label: string }> = [
  { category: 'safety', label: 'safety risk' },
  { category: 'privacy', label: 'personal-data leak' },
  { category: 'legal', label: 'legal threat' },
  { category: 'discrimination', label: 'discrimination' },
  { category: 'media', label: 'media exposure' },
];

export interface PriorityAssessment {
  priority: Priority;
  /** Which urgent category fired, if any: safety gets emergency advice on top of the handoff. */
  urgent: PhraseCategory | null;
  reasons: string[];
}

/**
 * Priority of a message, after complaint-handling practice: urgent — safety, data leak, legal threat,
 * discrimination, media exposure; high — a serious product failure or strong frustration; normal — a
 * service or process problem, or a frustrated visitor; low — a routine question.
 */
export function assessPriority(p: Prepared, frustration: Frustration): PriorityAssessment {
  const reasons: string[] = [];
  let urgent: PhraseCategory | null = null;
  for (const { category, label } of URGENT) {
    const hit = findPhrases(p, category)[0] ?? findPairs(p, category)[0];
    if (hit) {
      urgent ??= category;
      reasons.push(`${label}: '${hit}'`);
    }
  }
  if (urgent) return { priority: 'urgent', urgent, reasons };

  const failure = findPhrases(p, 'productFailure')[0];
  if (failure) return { priority: 'high', urgent: null, reasons: [`product failure: '${failure}'`] };
  if (frustration.score >= STRONG_FRUSTRATION) return { priority: 'high', urgent: null, reasons: ['strong frustration'] };

  const service = findPhrases(p, 'serviceProblem')[0];
  if (service) return { priority: 'normal', urgent: null, reasons: [`service problem: '${service}'`] };
  if (frustration.frustrated) return { priority: 'normal', urgent: null, reasons: [] };
  return { priority: 'low', urgent: null, reasons: [] };
}

/** The more urgent of two priorities. */
export function higher(a: Priority, b: Priority | null | undefined): Priority {
  return b && priorityRank(b) < priorityRank(a) ? b : a;
}
