import type { Priority, QuickReply } from '../../protocol/index.ts';
import type { Intent } from '../intents/schema.ts';
import { publicAnalysis, type FullAnalysis } from './analyze.ts';
import { questionKey } from './frustration.ts';
import { isExactly } from './phrases.ts';
import { isBare } from './vague.ts';
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
/**
 * When a message is too vague to answer (server/bot/vague.ts counts the words that name a topic). A message
 * naming no topic ("it doesn't work", 有问题) is answered only when the matcher is all but certain
 * (TOPICLESS_SURE: "what's happening with my order"); a bare word or two ("account", 支付) only at BARE_SURE;
 * a longer message naming one topic below VAGUE_SURE is asked about when its runner-up holds VAGUE_FLOOR. The
 * question is "A or B?" when the best guess is in scope (VAGUE_IN_SCOPE) and the runner-up holds the floor
 * (TOPICLESS_FLOOR for a message naming no topic, none for a short one), else "could you tell me more?". A
 * short message (isBare) naming up to SHORT_TOPIC_WORDS topics is vague too: "double charge", 银行卡 give the
 * matcher two cues and its confidence runs high on so little (0.8 on the wrong intent), so it is answered
 * only at VAGUE_SURE, else asked "A or B?".
 * Chosen on bench/data/vague.csv and vague-dev2.csv against the pack's held-out paraphrases
 * (`npm run bench:vague`): wrong answers on both under 5% in each language, no right answer lost on the
 * pack. Both sets are written by us and these were chosen on them: vague-heldout.csv is the honest figure.
 */
export const VAGUE_FLOOR = 0.1;
export const VAGUE_SURE = 0.9;
export const TOPICLESS_FLOOR = 0.2;
export const TOPICLESS_SURE = 0.995;
export const BARE_SURE = 0.998;
export const VAGUE_IN_SCOPE = 0.4;
export const SHORT_TOPIC_WORDS = 2;

const yesNo = (lang: Lang): QuickReply[] => [
  { label: reply(lang, 'yesLabel'), value: 'handoff:yes' },
  { label: reply(lang, 'noLabel'), value: 'handoff:no' },
];

/** Seconds the visitor has waited at `at` for an answer: since the first message the bot has not answered. */
export const waitingSeconds = (state: BotState, at: number) => (state.unansweredSince === null ? 0 : Math.max(0, Math.round((at - state.unansweredSince) / 1000)));

/**
 * The decision ladder, most pressing first: the visitor's answer to a question the bot asked; urgent
 * matters (hand off at once); a request for a person (at once when angry or after one offer, else ask
 * first); an angry visitor (apologise, then help, then offer a person); a message too vague to answer (ask
 * "A or B?" or for more); two close candidates (ask which); a confident answer; otherwise say so. An
 * unhappy visitor hears one sentence of acknowledgement before whatever comes next. `social` are the
 * intents that answer a message naming no topic ("hi", "thanks"): they are answered, not asked about.
 */
export function decide(turn: Turn, a: FullAnalysis, intents: ReadonlyMap<string, Intent>, social: ReadonlySet<string> = new Set()): Decision {
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
    state: { ...memory, handoffOffered: false, pendingPriority: null, pendingReasons: [], ...next, unansweredSince: kind === 'answer' ? null : (state.unansweredSince ?? turn.at) },
  });

  // What this message says that an agent should read (not which intent matched: that is in the transcript).
  // A click on a quick reply says nothing of its own: its label is the bot's words, not the visitor's.
  const evidence = turn.reply ? [] : a.reasons.filter((r) => !r.startsWith('matched ') && !r.startsWith('no confident'));
  // The topic for the agent: a real question, not "wants a person".
  const topic = [a.intent, state.lastIntent].find((id) => id && !intents.get(id)?.handoff) ?? null;

  // When nobody can answer now, the handoff says so itself (one message, not "connecting you" and then "nobody is here").
  const handOffLine = (key: 'handoff' | 'handoffUrgent') =>
    reply(lang, turn.staffed !== false ? key : turn.mail === false ? `${key}UnstaffedNoMail` : `${key}Unstaffed`);
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
  // A complaint is acknowledged before it is solved: one sentence, then the answer (or the question).
  const ack = a.mood === 'unhappy' ? reply(lang, 'acknowledge') : null;

  // 3. A request for a person, however it is worded: at once when angry or after one offer; else ask first
  // (they may have a quick question the bot can answer).
  if (a.askedForPerson) {
    if (state.handoffOffered || a.mood === 'angry') {
      return handOff(higher(state.pendingPriority ?? 'low', a.priority), [], paragraphs(a.mood === 'calm' ? null : reply(lang, 'acknowledge'), handOffLine('handoff')));
    }
    return offer(paragraphs(ack, reply(lang, 'offerOnRequest')), a.priority, { fallbackStreak: 0 });
  }

  // 4. Angry: acknowledge and apologise first; answer if we can; offer a person either way.
  if (a.mood === 'angry') {
    return offer(
      paragraphs(reply(lang, 'apology'), answerable?.answer[lang], reply(lang, 'offerHandoff')),
      higher('normal', a.priority),
      { fallbackStreak: 0, lastIntent: answerable?.id ?? state.lastIntent },
    );
  }

  const choose = (pair: Array<{ intent: string }>): Decision =>
    make(
      'clarify',
      paragraphs(ack, reply(lang, 'clarify', { a: title(pair[0].intent), b: title(pair[1].intent) })),
      pair.map((s) => ({ label: title(s.intent), value: `intent:${s.intent}` })),
      { fallbackStreak: 0 },
    );
  const ranked = [...(a.intent ? [{ intent: a.intent, confidence: a.confidence }] : []), ...a.alternatives].filter((s) => !intents.get(s.intent)?.handoff);
  const [first, second] = ranked;

  // 5. Too vague to answer: a message that names no topic ("it doesn't work", 有问题) is asked about, and one
  // that names a single topic ("payment") when another intent is nearly as likely. A greeting or thanks
  // names no topic either and is simply answered.
  // A bare word or two ("account", 支付) gives the matcher one cue to be sure of; the visitor may mean either.
  // Two topic words in a message this short ("double charge", 银行卡) are still little to go on: the matcher's
  // confidence on them runs high, so they are answered only at VAGUE_SURE, like a longer one-topic message.
  const short = isBare(turn.text);
  const bare = a.topicWords === 1 && short;
  const sure = first && first.confidence >= (bare ? BARE_SURE : a.topicWords === 0 && !social.has(first.intent) ? TOPICLESS_SURE : VAGUE_SURE);
  if ((a.topicWords <= 1 || (short && a.topicWords <= SHORT_TOPIC_WORDS)) && first && !sure) {
    const floor = a.topicWords === 0 ? TOPICLESS_FLOOR : short ? 0 : VAGUE_FLOOR;
    const [one, other] = ranked.filter((s) => !social.has(s.intent));
    if (one === first && first.confidence >= VAGUE_IN_SCOPE && other && other.confidence >= floor) return choose([one, other]);
    if (a.topicWords === 0) return make('clarify', paragraphs(ack, reply(lang, 'tellMore')), [], { fallbackStreak: 0 });
  }

  // 6. Two candidates too close to call: ask which, rather than guess.
  if (first && second && first.confidence - second.confidence < CLARIFY_MARGIN && second.confidence >= CLARIFY_FLOOR) return choose([first, second]);

  if (answerable) return answer(answerable, a, ack);

  // 7. Not understood: say so; the second time in a row, offer a person.
  const streak = state.fallbackStreak + 1;
  if (streak >= FALLBACKS_BEFORE_OFFER) {
    return offer(reply(lang, 'offerAfterFallbacks'), higher('normal', a.priority), { fallbackStreak: streak });
  }
  return make('fallback', reply(lang, 'fallback'), [{ label: reply(lang, 'personLabel'), value: 'handoff:yes' }], {
    fallbackStreak: streak,
    pendingPriority: higher('low', a.priority),
  });
}
