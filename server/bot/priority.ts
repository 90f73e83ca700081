import type { Mood, Priority } from '../../protocol/index.ts';
import { priorityRank } from '../../protocol/index.ts';
import type { Frustration } from './frustration.ts';
import { findPairs } from './phrase-pairs.ts';
import { enMatches, findPhrases, type PhraseCategory, type Prepared } from './phrases.ts';
import { asksRoutineQuestion } from './routine-question.ts';
import contextData from '../../lexicons/priority-context.json' with { type: 'json' };

type ByLanguage = { en: string[]; zh: string[] };
const context = contextData as unknown as Record<'harmless' | 'askedAbout' | 'hypothetical', ByLanguage>;
const askedAbout = new Set([...context.askedAbout.en, ...context.askedAbout.zh]);

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
 * discrimination, media exposure; high — a serious product failure or an angry visitor; normal — a
 * service or process problem, or an unhappy visitor; low — a routine question. Anger and unhappiness come
 * from the mood (server/bot/mood.ts), which reads both languages alike, so a wish gets the same priority in
 * either ("your service is useless!!!" and 太差劲了，我要投诉 are both angry).
 */
export function assessPriority(p: Prepared, frustration: Frustration, mood: Mood): PriorityAssessment {
  // "Smoke alarm" and "nobody was hurt" hold urgent cues but report nothing; "burns out" is still a failure.
  const u = withoutHarmless(p);
  // The labelling rule: urgent is a message that reports an incident, not one that asks about the subject
  // ("is the fire pit safe on a deck?", "你们有官方微博吗？"). In a routine question the cues that only name
  // a subject are set aside; cues that tell of an incident ("caught fire", "起火了") and the multi-part
  // rules still count.
  const asking = asksRoutineQuestion(u);
  const reasons: string[] = [];
  let urgent: PhraseCategory | null = null;
  for (const { category, label } of URGENT) {
    const phrases = findPhrases(u, category).filter((f) => !(asking && (askedAbout.has(f) || (category === 'safety' && hypothetical(u, f)))));
    const hit = phrases[0] ?? findPairs(u, category)[0];
    if (hit) {
      urgent ??= category;
      reasons.push(`${label}: '${hit}'`);
    }
  }
  if (urgent) return { priority: 'urgent', urgent, reasons };

  // "The tracking link doesn't work" is the shop's own service failing, not the product: a failure phrase
  // that a service-problem rule has claimed (tracking … doesn't work) does not make the message high.
  const claimed = findPairs(p, 'serviceProblem');
  const failure = findPhrases(p, 'productFailure').find((f) => !claimed.some((cue) => cue.includes(f)));
  if (failure) return { priority: 'high', urgent: null, reasons: [`product failure: '${failure}'`] };
  if (mood === 'angry') return { priority: 'high', urgent: null, reasons: ['angry'] };

  const service = findPhrases(p, 'serviceProblem')[0] ?? claimed[0];
  if (service) return { priority: 'normal', urgent: null, reasons: [`service problem: '${service}'`] };
  // Frustration reads the urgent phrases as threats ("instagram", "法院"); when they were set aside as what a
  // routine question asks about, a question with no other sign of frustration is not frustrated.
  const threatOnly = frustration.signals.every((s) => s.kind === 'threat');
  if (mood !== 'calm' && !(asking && threatOnly)) return { priority: 'normal', urgent: null, reasons: [] };
  return { priority: 'low', urgent: null, reasons: [] };
}

/** The message with the compounds of lexicons/priority-context.json "harmless" blanked out, for the urgent cues. */
function withoutHarmless(p: Prepared): Prepared {
  let { words, compact } = p;
  for (const phrase of context.harmless.en) if (enMatches({ words, compact }, phrase)) words = words.split(` ${phrase} `).join(' | ');
  for (const phrase of context.harmless.zh) if (compact.includes(phrase)) compact = compact.split(phrase).join('|');
  return { ...p, words, compact };
}

/**
 * Whether a safety cue stands right after a word that makes it a risk asked about ("will it catch fire",
 * "会不会漏电"): within the next three words in English, the next two characters in Chinese, and not
 * followed by 了 ("起火了" reports a fire, whatever came before).
 */
function hypothetical(p: Prepared, cue: string): boolean {
  if (/\p{Script=Han}/u.test(cue)) {
    for (let at = p.compact.indexOf(cue); at >= 0; at = p.compact.indexOf(cue, at + 1)) {
      if (p.compact[at + cue.length] === '了') continue;
      const before = p.compact.slice(Math.max(0, at - 6), at);
      const near = (m: string) => {
        const i = before.lastIndexOf(m);
        return i >= 0 && i + m.length >= before.length - 2;
      };
      if (context.hypothetical.zh.some(near)) return true;
    }
    return false;
  }
  return context.hypothetical.en.some((m) => {
    const parts = p.words.split(` ${m} `);
    // Each stretch after a marker, cut to the three words that follow it.
    return parts.slice(1).some((after) => enMatches({ ...p, words: ` ${after.trim().split(' ').slice(0, 3).join(' ')} ` }, cue));
  });
}

/** The more urgent of two priorities. */
export function higher(a: Priority, b: Priority | null | undefined): Priority {
  return b && priorityRank(b) < priorityRank(a) ? b : a;
}
