import type { Priority, QuickReply } from '../../protocol/index.ts';
import type { Intent } from '../intents/schema.ts';
import { publicAnalysis, type FullAnalysis } from './analyze.ts';
import { questionKey } from './frustration.ts';
import { isExactly } from './phrases.ts';
import { higher } from './priority.ts';
import { paragraphs, reply } from './replies.ts';
import { CLARIFY_MARGIN } from './thresholds.ts';
import type { BotState, Decision, Lang, Turn } from './types.ts';

/** How many of the visitor's last messages the bot remembers to notice a repeated question. */
const RECENT_KEPT = 5;
/** Fallbacks in a row after which the bot stops asking to rephrase and offers a person. */
const FALLBACKS_BEFORE_OFFER = 2;
/**
 * Both candidates of an "A or B?" must hold at least this much confidence. A small pack spreads a nonsense
 * message over few intents (0.32 / 0.26 / …), so "close" alone would ask "A or B?" about quantum physics.
 * Measured with the calibrated confidences and CLARIFY_MARGIN at floors 0.2 / 0.25 / 0.3 / 0.35 on CLINC150
 * val.csv (matcher trained on train-10shot.csv): 42 / 31 / 17 / 9 questions asked, the runner-up right in
 * 19 / 14 / 8 / 4, the best one right (a needless question) in 15 / 12 / 7 / 4, no out-of-scope message
 * asked about. The shipped shop pack on 400 CLINC150 val messages, none of them a shop's question, asks
 * about 8 / 4 / 3 / 1 ("make an eft to my savings" → account login or delete account?). 0.3 keeps the
 * questions that pay off and asks almost nothing nonsensical (`npm run bench:clarify`).
 */
export const CLARIFY_FLOOR = 0.3;

const yesNo = (lang: Lang): QuickReply[] => [
  { label: reply(lang, 'yesLabel'), value: 'handoff:yes' },
  { label: reply(lang, 'noLabel'), value: 'handoff:no' },
];

/**
 * The decision ladder, most pressing first: the visitor's answer to a question the bot asked; urgent
 * matters (hand off at once); an angry visitor (apologise, then help, then offer a person); a request for
 * a person (ask first); a confident answer; two close candidates (ask which); otherwise say so.
 */
export function decide(turn: Turn, a: FullAnalysis, intents: ReadonlyMap<string, Intent>): Decision {
  const { state } = turn;
  // "ok", "yes", "no thanks" say nothing about the visitor's language: answer them in the language the bot
  // last spoke, so a Chinese chat does not switch to English on a typed "ok".
  const bareAnswer = isExactly(turn.text, 'yes') || isExactly(turn.text, 'no');
  const lang = bareAnswer && state.lastLang ? state.lastLang : a.lang;
  const title = (id: string) => intents.get(id)?.title[lang] ?? id;
  const accepted = turn.reply === 'handoff:yes' || (state.handoffOffered && isExactly(turn.text, 'yes'));
  const declined = turn.reply === 'handoff:no' || (state.handoffOffered && isExactly(turn.text, 'no'));
  const memory: BotState = {
    ...state,
    recent: [...state.recent, questionKey(turn.text)].filter(Boolean).slice(-RECENT_KEPT),
    peakFrustration: Math.max(state.peakFrustration, a.frustration),
    lastLang: lang,
  };

  const make = (kind: Decision['kind'], text: string, quickReplies: QuickReply[], next: Partial<BotState>, analysis = a): Decision => ({
    kind,
    reply: text,
    lang,
    quickReplies,
    analysis: publicAnalysis(analysis),
    handoff: null,
    state: { ...memory, handoffOffered: false, pendingPriority: null, pendingReasons: [], ...next },
  });

  // What this message says that an agent should read (not which intent matched: that is in the transcript).
  // A click on a quick reply says nothing of its own: its label is the bot's words, not the visitor's.
  const evidence = turn.reply ? [] : a.reasons.filter((r) => !r.startsWith('matched ') && !r.startsWith('no confident'));
  // The topic for the agent: a real question, not "wants a person".
  const topic = [a.intent, state.lastIntent].find((id) => id && !intents.get(id)?.handoff) ?? null;

  // When nobody can answer now, the handoff says so itself (one message, not "connecting you" and then "nobody is here").
  const handOffLine = (key: 'handoff' | 'handoffUrgent') => reply(lang, turn.staffed === false ? `${key}Unstaffed` : key);
  const handOff = (priority: Priority, extraReasons: string[], text: string): Decision => {
    const d = make('handoff', text, [], { fallbackStreak: 0 });
    d.handoff = {
      priority,
      // The reasons behind the offer the visitor accepted come first: they are why a person is needed.
      reasons: [...new Set([...extraReasons, ...(state.handoffOffered || accepted ? state.pendingReasons : []), ...evidence])],
      frustration: Math.max(memory.peakFrustration, a.frustration),
      intent: topic,
    };
    return d;
  };

  const offer = (text: string, priority: Priority, extra: Partial<BotState> = {}): Decision =>
    make('offer_handoff', text, yesNo(lang), {
      handoffOffered: true,
      pendingPriority: higher(priority, state.pendingPriority),
      pendingReasons: [...new Set([...state.pendingReasons, ...evidence])],
      ...extra,
    });

  const answer = (intent: Intent, analysis = a, prefix: string | null = null): Decision =>
    make(
      'answer',
      paragraphs(prefix, intent.answer[lang]),
      intent.followUps.filter((id) => intents.has(id)).map((id) => ({ label: title(id), value: `intent:${id}` })),
      { fallbackStreak: 0, lastIntent: intent.id },
      analysis,
    );

  // 1. A click on one of the bot's own quick replies, or a typed yes/no to its question.
  if (accepted) {
    const priority = higher(state.pendingPriority ?? 'low', a.priority);
    return handOff(priority, ['visitor accepted a person'], handOffLine('handoff'));
  }
  if (declined) return make('decline_handoff', reply(lang, 'declineHandoff'), [], { fallbackStreak: 0 });
  const chosen = turn.reply?.startsWith('intent:') ? intents.get(turn.reply.slice('intent:'.length)) : undefined;
  if (chosen) {
    return answer(chosen, { ...a, intent: chosen.id, confidence: 1, reasons: [`chose ${chosen.id} from the quick replies`, ...a.reasons.slice(1)] });
  }

  // 2. Urgent: no questions asked.
  if (a.priority === 'urgent') {
    return handOff('urgent', [], paragraphs(reply(lang, 'urgentApology'), a.urgent === 'safety' && reply(lang, 'safetyAdvice'), handOffLine('handoffUrgent')));
  }

  const confident = a.intent ? intents.get(a.intent) : undefined;
  const answerable = confident && !confident.handoff ? confident : undefined;

  // 3. Angry: acknowledge first; answer if we can; offer a person either way.
  if (a.frustrated) {
    if (state.handoffOffered && a.askedForPerson) return handOff(higher('normal', a.priority), [], handOffLine('handoff'));
    return offer(
      paragraphs(reply(lang, 'apology'), answerable?.answer[lang], reply(lang, 'offerHandoff')),
      higher('normal', a.priority),
      { fallbackStreak: 0, lastIntent: answerable?.id ?? state.lastIntent },
    );
  }

  // 4. A calm request for a person: ask before queueing (they may have a quick question first).
  if (a.askedForPerson) {
    if (state.handoffOffered) return handOff(higher(state.pendingPriority ?? 'low', a.priority), [], handOffLine('handoff'));
    return offer(reply(lang, 'offerOnRequest'), a.priority, { fallbackStreak: 0 });
  }

  // 5. Two candidates too close to call: ask which, rather than guess.
  const [first, second] = [a.intent ? { intent: a.intent, confidence: a.confidence } : a.alternatives[0], a.intent ? a.alternatives[0] : a.alternatives[1]];
  if (first && second && first.confidence - second.confidence < CLARIFY_MARGIN && second.confidence >= CLARIFY_FLOOR) {
    return make(
      'clarify',
      reply(lang, 'clarify', { a: title(first.intent), b: title(second.intent) }),
      [first, second].map((s) => ({ label: title(s.intent), value: `intent:${s.intent}` })),
      { fallbackStreak: 0 },
    );
  }

  if (answerable) return answer(answerable);

  // 6. Not understood: say so; the second time in a row, offer a person.
  const streak = state.fallbackStreak + 1;
  if (streak >= FALLBACKS_BEFORE_OFFER) {
    return offer(reply(lang, 'offerAfterFallbacks'), higher('normal', a.priority), { fallbackStreak: streak });
  }
  return make('fallback', reply(lang, 'fallback'), [{ label: reply(lang, 'personLabel'), value: 'handoff:yes' }], {
    fallbackStreak: streak,
    pendingPriority: higher('low', a.priority),
  });
}
