import type { Priority } from './priority.ts';

// GET /api/reports: a support lead's figures for the conversations started in [from, to). No zod here:
// the console's reports page imports these types and the server builds the value itself.

/** Nearest-rank median and 90th percentile, in milliseconds; null when nothing was measured. */
export interface Spread {
  count: number;
  median: number | null;
  p90: number | null;
}

export interface ReasonCount {
  reason: string;
  count: number;
}

export interface AgentFigures {
  agentId: string;
  name: string;
  /** Handoffs this agent answered first, and how fast. */
  firstResponses: number;
  firstResponseMs: Spread;
  /** Conversations this agent resolved (the last resolve of each). */
  resolved: number;
  /** Ratings of the conversations this agent resolved. */
  ratings: { count: number; average: number | null };
}

export interface UnansweredGroup {
  /** The group's most frequent wording. */
  text: string;
  count: number;
  /** Up to five distinct wordings, most frequent first. */
  examples: string[];
}

export interface DayFigures {
  /** YYYY-MM-DD in the report's time zone. */
  date: string;
  conversations: number;
  handoffs: number;
}

export interface Report {
  range: { from: string; to: string };
  /** The business time zone (PARLEY_TIMEZONE) days and hours are counted in. */
  timeZone: string;
  conversations: number;
  /** Conversations that never reached a person (no handoff, never queued, never with an agent): the containment. */
  botOnly: number;
  /** botOnly / conversations; null without conversations. */
  containment: number | null;
  handoffs: {
    count: number;
    byPriority: Record<Priority, number>;
    /** The bot's reasons by kind (numbers and quotes stripped), most frequent first. */
    byReason: ReasonCount[];
  };
  /** From each handoff to the first agent message after it. */
  firstResponseMs: Spread;
  /** From each handoff to the resolve that followed it. */
  resolutionMs: Spread;
  ratings: {
    count: number;
    average: number | null;
    /** Index 0 counts 1-star ratings … index 4 counts 5-star ones. */
    distribution: [number, number, number, number, number];
    /** Rated resolved conversations / resolved conversations; null without resolved ones. */
    ratedShareOfResolved: number | null;
  };
  /** Conversations started, by weekday (0 = Monday) and hour (0–23), in the time zone. */
  busiestHours: number[][];
  perDay: DayFigures[];
  perAgent: AgentFigures[];
  /** What the bot could not answer, grouped by similarity, most frequent first. */
  unanswered: UnansweredGroup[];
  /** How many unanswered questions were read (the newest first, at most a bound). */
  unansweredRead: number;
}
