// Placeholder values; replaced by the CLINC150 val.csv measurement below once bench/matcher.ts has run.
/** Below this confidence the message is out of scope: the bot says it does not know. */
export const ANSWER_THRESHOLD = 0.5;
/** When the two best candidates are within this confidence of each other, the bot asks "A or B?". */
export const CLARIFY_MARGIN = 0.1;
