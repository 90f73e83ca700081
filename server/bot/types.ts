import type { BotKind, Locale, Mood, Priority, QuickReply } from '../../protocol/index.ts';
import type { IntentPack } from '../intents/schema.ts';

export type Lang = Locale;
export type { IntentPack };

export interface Scored {
  intent: string;
  confidence: number;
}

/** What the bot understands of one message, before any policy. Also the `parley analyze` output line. */
export interface Analysis {
  text: string;
  lang: Lang;
  /** null when out of scope (confidence under the answer threshold). */
  intent: string | null;
  confidence: number;
  /** The next best intents, best first (at most 3). */
  alternatives: Scored[];
  /** calm; unhappy: a complaint; angry: strong emotion, insults, threats, chasing (server/bot/mood.ts). */
  mood: Mood;
  /** True when the mood is unhappy or angry. */
  frustrated: boolean;
  /** 0..1: exasperation alone (shouting, insults, chasing), the part of the mood that makes it angry. */
  frustration: number;
  priority: Priority;
  /** True when the message alone warrants a person (urgent priority, or an explicit request for one). */
  escalate: boolean;
  /** Human-readable: "matched order_status (0.91)", "all caps", "legal threat: 'lawyer'". */
  reasons: string[];
}

/** Conversation memory the bot needs between turns. Stored with the conversation; plain JSON. */
export interface BotState {
  /** Consecutive fallbacks; two in a row offer a person. */
  fallbackStreak: number;
  /** The bot asked "shall I connect you with a person?" and awaits yes/no. */
  handoffOffered: boolean;
  /** The visitor's last few messages, normalised, to notice the same question asked again. */
  recent: string[];
  /** Highest frustration seen so far (0..1), so the handoff package reflects the whole chat. */
  peakFrustration: number;
  /** Priority of the offered handoff, kept until the visitor answers. */
  pendingPriority: Priority | null;
  /** Why the bot offered a person ("frustration 0.72: 'useless'"), for the handoff package if accepted. */
  pendingReasons: string[];
  lastIntent: string | null;
  /** The language of the bot's last reply: the answer to a bare "ok" or "no" stays in it. */
  lastLang: Lang | null;
  /**
   * When the oldest visitor message not yet answered arrived (ms since the epoch), or null once the bot
   * answered: the waiting that feeds frustration counts from it, so a turn needs no look at the messages.
   */
  unansweredSince: number | null;
}

export const INITIAL_BOT_STATE: BotState = {
  fallbackStreak: 0,
  handoffOffered: false,
  recent: [],
  peakFrustration: 0,
  pendingPriority: null,
  pendingReasons: [],
  lastIntent: null,
  lastLang: null,
  unansweredSince: null,
};

export interface Turn {
  text: string;
  /** The quick reply value the visitor clicked, if any ("intent:<id>", "handoff:yes", "handoff:no"). */
  reply: string | null;
  state: BotState;
  /** The conversation's locale (from the widget); used when the text alone does not tell. */
  locale: Lang;
  /** When the visitor's message arrived (ms since the epoch): with the memory, how long they have waited. */
  at: number;
  /**
   * Whether a person can answer now (within business hours, an agent available). A handoff then says
   * "connecting you"; otherwise it says nobody can answer now and points to the leave-a-message form.
   * Default true.
   */
  staffed?: boolean;
  /**
   * Whether an answer can reach the visitor by e-mail (mail is configured). Unstaffed without it, the
   * handoff promises the answer in this chat on their next visit instead of by e-mail. Default true.
   */
  mail?: boolean;
}

export interface Decision {
  kind: BotKind;
  /** What the bot says, in `lang`. */
  reply: string;
  lang: Lang;
  quickReplies: QuickReply[];
  analysis: Analysis;
  /** Set when kind is 'handoff': what the agent sees first. */
  handoff: { priority: Priority; reasons: string[]; frustration: number; intent: string | null } | null;
  state: BotState;
}

export interface Bot {
  analyze(text: string, opts?: { locale?: Lang; state?: BotState }): Analysis;
  decide(turn: Turn): Decision;
  /** Intent ids and titles, for quick replies and the console. */
  readonly intents: ReadonlyArray<{ id: string; title: Record<Lang, string> }>;
}
