/**
 * Whether a person can answer now, as the widget shows it. The widget's header and the bot's handoff
 * words follow it; `opensAt` is the next opening of the business hours when closed.
 */
export interface Availability {
  /** Within business hours (always true when none are configured). */
  open: boolean;
  /** At least one agent is available (not away) with a live console. */
  agents: boolean;
  opensAt: number | null;
  /** Mail is configured: the widget may promise an answer by e-mail and offer a transcript. */
  mail: boolean;
}
